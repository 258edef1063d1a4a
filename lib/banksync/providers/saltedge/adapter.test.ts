import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeHostedConsent, type ConsentChoices } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { isProviderError, type ProviderError } from "../errors";
import type { CompletedAuthorization, ConnectionSecret, FetchTransactionsInput, NormalizedTransaction, ProviderAdapter, TransactionPage } from "../types";
import { newSyncSession } from "../session";
import { createSaltedgeAdapter, saltedgeConfigFromEnv, type SaltedgeConfig } from ".";

const noWait = { sleep: async () => {}, timeoutMs: 5_000 };

let server: SandboxServer;
let config: SaltedgeConfig;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startSandboxServer();
  config = saltedgeConfigFromEnv({}, server.sandboxUrl)!;
  adapter = createSaltedgeAdapter(config, noWait);
});

afterAll(async () => {
  await server?.close();
});

const codes: Record<string, string> = {
  "Sandbox Bank": "sandbox_bank_be",
  "Sandbox MFA Bank": "sandbox_mfa_bank_be",
  "Sandbox Manual Bank": "sandbox_manual_bank_be",
  "Sandbox Linked Bank": "sandbox_linked_bank_be",
  "Sandbox Sticky Bank": "sandbox_sticky_bank_be",
};

function startInput(name: string, clientUserId = "company-1", existing: ConnectionSecret | null = null) {
  return {
    institution: { externalId: codes[name]!, country: "BE", name },
    redirectUrl: `${server.origin}/callback/saltedge`,
    state: "signed-state",
    language: "en",
    psuType: "business" as const,
    historyDays: 730,
    consentDays: 90,
    clientUserId,
    existing,
  };
}

async function connect(name: string, choices: ConsentChoices = {}, clientUserId?: string, existing: ConnectionSecret | null = null) {
  const started = await adapter.startAuthorization(startInput(name, clientUserId, existing));
  const callback = await completeHostedConsent(started.url, choices);
  expect(callback.searchParams.get("state")).toBe("signed-state");
  return adapter.completeAuthorization(started.pending, callback.searchParams);
}

async function collect(pages: AsyncGenerator<TransactionPage>): Promise<{ pages: number; transactions: NormalizedTransaction[] }> {
  let count = 0;
  const transactions: NormalizedTransaction[] = [];
  for await (const page of pages) {
    count++;
    transactions.push(...page.transactions);
    expect(page.cursor).toBeNull();
  }
  return { pages: count, transactions };
}

function fetchInput(accountExternalId: string, over: Partial<FetchTransactionsInput> = {}): FetchTransactionsInput {
  return { accountExternalId, from: "2000-01-01", to: "2100-01-01", cursor: null, includePending: false, background: false, ...over };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

function account(completed: CompletedAuthorization, name: string) {
  const found = completed.accounts.find((a) => a.name === name);
  if (!found) throw new Error(`no account ${name}`);
  return found;
}

describe("Salt Edge adapter against the sandbox", () => {
  it("lists the Belgian providers with the special banks' flags, across pages", async () => {
    const institutions = await adapter.listInstitutions("BE");
    expect(institutions.length).toBeGreaterThan(100);
    expect(new Set(institutions.map((i) => i.externalId)).size).toBe(institutions.length);
    const byName = new Map(institutions.map((i) => [i.name, i]));
    expect(byName.get("Sandbox Bank")).toMatchObject({ externalId: "sandbox_bank_be", bic: "SBXBBEBB", historyDays: 730, autoFetch: true, mfa: false, country: "BE" });
    expect(byName.get("Sandbox MFA Bank")).toMatchObject({ mfa: true, autoFetch: true });
    expect(byName.get("Sandbox Manual Bank")).toMatchObject({ autoFetch: false, mfa: false });
    expect(byName.get("Sandbox Linked Bank")).toMatchObject({ externalId: "sandbox_linked_bank_be" });
    expect(byName.get("Sandbox Sticky Bank")).toMatchObject({ externalId: "sandbox_sticky_bank_be" });
    expect(byName.has("Sandbox 90-Day Bank")).toBe(false);
    expect(institutions.every((i) => i.country === "BE" && i.provider === "saltedge")).toBe(true);
  });

  it("connects Sandbox Bank and reads every transaction of Checking page by page", async () => {
    const completed = await connect("Sandbox Bank");
    expect(completed.accounts.map((a) => [a.name, a.currency])).toEqual([
      ["Checking", "EUR"],
      ["Savings", "EUR"],
      ["Card", "USD"],
    ]);
    expect(completed.externalRef).toBe(completed.secret.connectionId);
    expect(completed.consentExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    const checking = account(completed, "Checking");
    expect(checking.iban).toMatch(/^BE\d{14}$/);
    expect(checking.balance?.currency).toBe("EUR");

    const { pages, transactions } = await collect(adapter.fetchTransactions(completed.secret, fetchInput(checking.externalId, { includePending: true })));
    const posted = transactions.filter((t) => t.status === "posted");
    const pending = transactions.filter((t) => t.status === "pending");
    expect(posted).toHaveLength(400);
    expect(pending).toHaveLength(2);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(new Set(transactions.map((t) => t.externalId)).size).toBe(402);
    expect(posted[0]!.externalId).toMatch(new RegExp(`^${checking.externalId}-\\d{8}-1$`));
    expect(pending.map((t) => [t.description, t.amountMinor])).toEqual([
      ["Pending 1", -500n],
      ["Pending 2", -750n],
    ]);
    for (const t of posted) {
      const expected = t.description.startsWith("Salary") ? 100000n : undefined;
      if (expected) expect(t.amountMinor).toBe(expected);
      else expect(t.amountMinor % 100n).toBe(-25n);
    }
    const sum = posted.reduce((total, t) => total + t.amountMinor, 0n);
    expect(await adapter.getBalance(completed.secret, checking.externalId)).toEqual({ amountMinor: 1_000_000n + sum, currency: "EUR", referenceDate: null });

    const withoutPending = await collect(adapter.fetchTransactions(completed.secret, fetchInput(checking.externalId)));
    expect(withoutPending.transactions).toHaveLength(400);
  });

  /** Salt Edge calls since the last time this was asked. */
  async function callsSince(): Promise<number> {
    const { providers } = (await server.control("stats", { reset: true })) as { providers: Record<string, { calls: number }> };
    return providers.saltedge!.calls;
  }

  it("refreshes a connection once per synchronization run and lists its balances once, however many accounts it reads", async () => {
    const completed = await connect("Sandbox Bank", {}, "company-one-refresh");
    const ids = completed.accounts.map((a) => a.externalId);
    expect(ids).toHaveLength(3);
    const readAll = async (over: Partial<FetchTransactionsInput>, session = over.session) => {
      const balances = [];
      for (const id of ids) {
        expect((await collect(adapter.fetchTransactions(completed.secret, fetchInput(id, { includePending: true, ...over })))).transactions).toHaveLength(402);
        balances.push(await adapter.getBalance(completed.secret, id, session));
      }
      return balances;
    };

    await callsSince();
    // The pages alone: no refresh right after a consent, one accounts list per balance without a run.
    const balances = await readAll({ justAuthorized: true });
    const pagesAndBalances = await callsSince();
    expect(await readAll({ background: true, session: newSyncSession() })).toEqual(balances);
    expect(await callsSince()).toBe(pagesAndBalances + 1 - (ids.length - 1));
    // A caller without a run (none in the app today) still refreshes at every fetch.
    await readAll({ background: true });
    expect(await callsSince()).toBe(pagesAndBalances + ids.length);
  });

  it("a refresh refused for its rate limit is asked once per run: every account of the run gets the same refusal", async () => {
    const completed = await connect("Sandbox Bank", {}, "company-limited-refresh");
    const session = newSyncSession();
    await server.control("faults", { provider: "saltedge", mode: "rate_limit", count: 1 });
    await callsSince();
    const errors = [];
    for (const current of completed.accounts) errors.push(await failure(collect(adapter.fetchTransactions(completed.secret, fetchInput(current.externalId, { session })))));
    expect(errors.map((e) => e.kind)).toEqual(["rate_limited", "rate_limited", "rate_limited"]);
    expect(new Set(errors.map((e) => e.resetAt!.getTime())).size).toBe(1);
    expect(await callsSince()).toBe(1);
    // The next run asks again (the fault was used up): it refreshes and reads.
    expect((await collect(adapter.fetchTransactions(completed.secret, fetchInput(completed.accounts[0]!.externalId, { session: newSyncSession() })))).transactions).toHaveLength(400);
  });

  it("keeps a pending transaction's id when it posts", async () => {
    const completed = await connect("Sandbox Bank", { accounts: ["Savings"] });
    const savings = account(completed, "Savings");
    expect(completed.accounts).toHaveLength(1);
    const before = await collect(adapter.fetchTransactions(completed.secret, fetchInput(savings.externalId, { includePending: true })));
    const pendingId = before.transactions.find((t) => t.description === "Pending 1")!.externalId;
    await server.control("post", { institution: "Sandbox Bank", account: "Savings", id: pendingId });
    const after = await collect(adapter.fetchTransactions(completed.secret, fetchInput(savings.externalId, { includePending: true })));
    expect(after.transactions.filter((t) => t.externalId === pendingId).map((t) => t.status)).toEqual(["posted"]);
  });

  it("reconnects the same connection with the same account ids", async () => {
    const first = await connect("Sandbox Bank", {}, "company-reconnect");
    const again = await connect("Sandbox Bank", {}, "company-reconnect", first.secret);
    expect(again.secret).toEqual(first.secret);
    expect(again.accounts.map((a) => a.externalId)).toEqual(first.accounts.map((a) => a.externalId));
  });

  it("Sandbox MFA Bank asks for the code at login and at every refresh, which only its consent pages can take", async () => {
    await expect(connect("Sandbox MFA Bank", { code: "000000" })).rejects.toThrow(/verification code is incorrect/);
    const completed = await connect("Sandbox MFA Bank", { code: "123456" });
    const current = completed.accounts[0]!;
    for (const background of [true, false]) {
      const error = await failure(collect(adapter.fetchTransactions(completed.secret, fetchInput(current.externalId, { background }))));
      expect(error.kind).toBe("needs_user_action");
      expect(error.providerCode).toBe("InteractiveAdapterTimeout");
    }
    // Right after the consent (the code was given there) the data is fresh: no refresh is asked for.
    const { transactions } = await collect(adapter.fetchTransactions(completed.secret, fetchInput(current.externalId, { justAuthorized: true })));
    expect(transactions).toHaveLength(400);
  });

  it("Sandbox Manual Bank refuses background fetches only", async () => {
    const completed = await connect("Sandbox Manual Bank");
    const current = completed.accounts[0]!;
    const error = await failure(collect(adapter.fetchTransactions(completed.secret, fetchInput(current.externalId, { background: true }))));
    expect(error.kind).toBe("auto_fetch_unsupported");
    const { transactions } = await collect(adapter.fetchTransactions(completed.secret, fetchInput(current.externalId)));
    expect(transactions).toHaveLength(400);
  });

  it("Sandbox Linked Bank refuses a second connection as a duplicate", async () => {
    await connect("Sandbox Linked Bank", {}, "company-linked-1");
    const error = await failure(connect("Sandbox Linked Bank", {}, "company-linked-2"));
    expect(error.kind).toBe("already_exists");
    expect(error.providerCode).toBe("ConnectionDuplicated");
    expect(error.message).toMatch(/Salt Edge/);
  });

  it("Sandbox Sticky Bank keeps its record after revoke until removed at the provider", async () => {
    const completed = await connect("Sandbox Sticky Bank");
    expect(await adapter.revoke(completed.secret)).toEqual({ providerKeepsRecord: true });
    const error = await failure(collect(adapter.fetchTransactions(completed.secret, fetchInput(completed.accounts[0]!.externalId))));
    expect(error.kind).toBe("consent_expired");
    expect(await server.control("remove-at-provider", { institution: "Sandbox Sticky Bank" })).toMatchObject({ removed: 1 });
    expect(await adapter.revoke(completed.secret)).toEqual({ providerKeepsRecord: false });
  });

  it("revoking an ordinary connection removes it", async () => {
    const completed = await connect("Sandbox Bank", {}, "company-revoke");
    expect(await adapter.revoke(completed.secret)).toEqual({ providerKeepsRecord: false });
    const error = await failure(adapter.listAccounts(completed.secret));
    expect(error.kind).toBe("consent_expired");
    expect(error.providerCode).toBe("ConnectionNotFound");
  });

  it("reuses the customer of an identifier it already created", async () => {
    const first = await connect("Sandbox Bank", {}, "company-same");
    const second = await connect("Sandbox Bank", {}, "company-same");
    expect(second.secret.customerId).toBe(first.secret.customerId);
    expect(second.secret.connectionId).not.toBe(first.secret.connectionId);
  });

  it("reports a cancelled consent", async () => {
    const started = await adapter.startAuthorization(startInput("Sandbox Bank"));
    const callback = await completeHostedConsent(started.url, { cancelAt: "accounts" });
    expect(callback.searchParams.get("error_class")).toBe("ConnectionCancelled");
    const error = await failure(adapter.completeAuthorization(started.pending, callback.searchParams));
    expect(error.kind).toBe("cancelled");
  });

  it("refuses wrong credentials with Salt Edge's 401", async () => {
    const wrongSecret = await failure(createSaltedgeAdapter({ ...config, secret: "nope" }, noWait).listInstitutions("BE"));
    expect(wrongSecret).toMatchObject({ kind: "other", providerCode: "WrongClientSecret", httpStatus: 401 });
    const wrongApp = await failure(createSaltedgeAdapter({ ...config, appId: "nope" }, noWait).listInstitutions("BE"));
    expect(wrongApp).toMatchObject({ kind: "other", providerCode: "ClientNotFound", httpStatus: 401 });
  });

  describe("faults", () => {
    const disarm = () => server.control("faults", { provider: "saltedge", mode: "http500", count: 0 });

    it("http500 → transient after the retries", async () => {
      await server.control("faults", { provider: "saltedge", mode: "http500", count: 4 });
      const error = await failure(adapter.listInstitutions("BE"));
      expect(error).toMatchObject({ kind: "transient", providerCode: "ProviderUnavailable", httpStatus: 500 });
      await disarm();
    });

    it("a single http500 is retried away", async () => {
      await server.control("faults", { provider: "saltedge", mode: "http500", count: 1 });
      expect((await adapter.listInstitutions("BE")).length).toBeGreaterThan(100);
    });

    it("rate_limit → rate_limited with its reset time", async () => {
      await server.control("faults", { provider: "saltedge", mode: "rate_limit", count: 1 });
      const error = await failure(adapter.listInstitutions("BE"));
      expect(error).toMatchObject({ kind: "rate_limited", providerCode: "RateLimitExceeded", httpStatus: 429 });
      expect(error.resetAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      await disarm();
    });

    it("malformed → invalid_response", async () => {
      await server.control("faults", { provider: "saltedge", mode: "malformed", count: 1 });
      const error = await failure(adapter.listInstitutions("BE"));
      expect(error.kind).toBe("invalid_response");
      await disarm();
    });
  });
});
