import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { addDays, isoDate } from "@/lib/dates";
import { decimalToMinor } from "@/lib/money";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { allInstitutions, ruleTransaction } from "@/lib/sandbox/world";
import { ProviderError } from "../errors";
import type { ConnectionSecret, NormalizedAccount, ProviderAdapter, StartAuthorizationInput, TransactionPage } from "../types";
import { createPlaidAdapter } from "./index";

const httpOptions = { sleep: async () => {}, timeoutMs: 2000 };
const PAGE_SIZE = 60;

let server: SandboxServer;
let plaid: ProviderAdapter;
let institution: StartAuthorizationInput["institution"];
let secret: ConnectionSecret;
let accounts: NormalizedAccount[];
let checking: NormalizedAccount;
let cursor: string | null = null;
let today: string;

beforeAll(async () => {
  server = await startSandboxServer();
  plaid = createPlaidAdapter({ baseUrl: `${server.sandboxUrl}/plaid`, ...sandboxCredentials.plaid, syncPageSize: PAGE_SIZE }, httpOptions);
  today = isoDate(new Date());
});

afterAll(async () => {
  await server?.close();
});

function authorization(overrides: Partial<StartAuthorizationInput> = {}): StartAuthorizationInput {
  return {
    institution,
    redirectUrl: "http://app.test/connections/callback?provider=plaid",
    state: "signed-state",
    language: "en",
    psuType: "business",
    historyDays: 730,
    consentDays: null,
    clientUserId: "company-1",
    existing: null,
    ...overrides,
  };
}

async function pagesOf(generator: AsyncGenerator<TransactionPage>): Promise<TransactionPage[]> {
  const pages: TransactionPage[] = [];
  for await (const page of generator) pages.push(page);
  return pages;
}

function fetchChecking(from: string | null) {
  return pagesOf(
    plaid.fetchTransactions(secret, {
      accountExternalId: checking.externalId,
      from: addDays(today, -730),
      to: today,
      cursor: from,
      includePending: true,
      background: false,
    }),
  );
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const compact = (date: string) => date.replaceAll("-", "");

describe("Plaid adapter against the sandbox", () => {
  it("lists the US institutions Plaid serves, Sandbox US Bank among them, over several pages", async () => {
    const listed = await plaid.listInstitutions("US");
    const expected = allInstitutions().filter((i) => i.country === "US" && i.providers.includes("plaid"));
    expect(listed).toHaveLength(expected.length);
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.every((i) => i.provider === "plaid" && i.country === "US" && i.externalId.startsWith("ins_"))).toBe(true);
    const bank = listed.find((i) => i.name === "Sandbox US Bank");
    expect(bank).toBeDefined();
    expect(bank?.logo).toMatch(/^data:image\//);
    institution = { externalId: bank!.externalId, country: "US", name: bank!.name };
    expect(await plaid.listInstitutions("JP")).toEqual([]);
  });

  it("connects through Hosted Link: Plaid Checking and Plaid Credit Card in USD with balances", async () => {
    const started = await plaid.startAuthorization(authorization());
    expect(started.url).toContain("/sandbox/plaid/hosted/");
    const callback = await completeHostedConsent(started.url);
    expect(callback.origin + callback.pathname).toBe("http://app.test/connections/callback");
    expect(callback.searchParams.get("state")).toBe("signed-state");
    expect(callback.searchParams.get("provider")).toBe("plaid");

    const completed = await plaid.completeAuthorization(started.pending, callback.searchParams);
    expect(completed.secret.accessToken).toMatch(/^access-sandbox-/);
    expect(completed.externalRef).toBe(completed.secret.itemId);
    expect(completed.consentExpiresAt).toBeNull();
    expect(completed.accounts.map((a) => a.name).sort()).toEqual(["Plaid Checking", "Plaid Credit Card"]);
    for (const account of completed.accounts) {
      expect(account.currency).toBe("USD");
      expect(account.accountNumber).toMatch(/^\d{4}$/);
      expect(account.balance?.currency).toBe("USD");
    }
    secret = completed.secret;
    accounts = completed.accounts;
    checking = accounts.find((a) => a.name === "Plaid Checking")!;
    // Both accounts hold the same rule history; the card's balance comes back as owed-negative and is turned round.
    const card = accounts.find((a) => a.name === "Plaid Credit Card")!;
    expect(card.balance?.amountMinor).toBe(checking.balance?.amountMinor);
  });

  it("fetches all of Plaid Checking over several pages: 400 posted by the rule and 2 pending", async () => {
    const pages = await fetchChecking(null);
    expect(pages.length).toBe(Math.ceil(402 / PAGE_SIZE));
    expect(pages.slice(0, -1).every((p) => p.cursor === null)).toBe(true);
    cursor = pages.at(-1)!.cursor;
    expect(cursor).toBeTruthy();

    const transactions = pages.flatMap((p) => p.transactions);
    expect(new Set(transactions.map((t) => t.externalId)).size).toBe(402);
    const posted = transactions.filter((t) => t.status === "posted");
    const pending = transactions.filter((t) => t.status === "pending");
    expect(posted).toHaveLength(400);
    expect(new Set(posted.map((t) => t.date))).toEqual(new Set(Array.from({ length: 400 }, (_, i) => addDays(today, -400 + i))));
    for (const t of posted) {
      const rule = ruleTransaction(t.date);
      expect(t.amountMinor).toBe(decimalToMinor(rule.amount, "USD"));
      expect(t.description).toBe(rule.description);
      expect(t.externalId).toBe(`${checking.externalId}-${compact(t.date)}-1`);
      expect(t.currency).toBe("USD");
    }
    expect(posted.some((t) => t.amountMinor === 100000n)).toBe(true);
    expect(pending.map((t) => [t.externalId, t.amountMinor, t.date]).sort()).toEqual([
      [`${checking.externalId}-${compact(today)}-P1`, -500n, today],
      [`${checking.externalId}-${compact(today)}-P2`, -750n, today],
    ]);

    const balance = await plaid.getBalance(secret, checking.externalId);
    expect(balance.amountMinor).toBe(1_000_000n + posted.reduce((sum, t) => sum + t.amountMinor, 0n));
  });

  it("gives nothing new from the stored cursor", async () => {
    const pages = await fetchChecking(cursor);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.transactions).toEqual([]);
    expect(pages[0]!.removedExternalIds).toEqual([]);
    expect(pages[0]!.cursor).toBeTruthy();
    cursor = pages[0]!.cursor;
  });

  it("reports a pending transaction that posted as removed + added with pendingExternalId", async () => {
    const pendingId = `${checking.externalId}-${compact(today)}-P1`;
    await server.control("post", { institution: "Sandbox US Bank", account: "Plaid Checking", id: pendingId, amount: "-5.10" });
    const pages = await fetchChecking(cursor);
    expect(pages.flatMap((p) => p.removedExternalIds)).toEqual([pendingId]);
    const added = pages.flatMap((p) => p.transactions);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ status: "posted", pendingExternalId: pendingId, amountMinor: -510n, date: today, description: "Pending 1" });
    expect(added[0]!.externalId).not.toBe(pendingId);
    cursor = pages.at(-1)!.cursor;
    expect((await fetchChecking(cursor)).flatMap((p) => p.transactions)).toEqual([]);
  });

  it("restarts the loop from its first cursor on TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION and still gets everything", async () => {
    // The first call (no cursor) takes one armed fault without effect; the second (with a cursor) fails.
    await server.control("faults", { provider: "plaid", mode: "mutation_during_pagination", count: 2 });
    const pages = await fetchChecking(null);
    const ids = pages.flatMap((p) => p.transactions.map((t) => t.externalId));
    const unique = new Set(ids);
    expect(unique.size).toBe(402);
    expect(ids.length).toBe(402 + PAGE_SIZE);
    expect(pages.slice(0, -1).every((p) => p.cursor === null)).toBe(true);
    expect(pages.at(-1)!.cursor).toBeTruthy();
    const transactions = pages.flatMap((p) => p.transactions);
    expect(transactions.filter((t) => t.status === "pending").map((t) => t.externalId)).toEqual([`${checking.externalId}-${compact(today)}-P2`]);
  });

  it("refuses wrong credentials with Plaid's INVALID_API_KEYS", async () => {
    const wrong = createPlaidAdapter({ baseUrl: `${server.sandboxUrl}/plaid`, clientId: sandboxCredentials.plaid.clientId, secret: "wrong" }, httpOptions);
    const error = await failure(wrong.listInstitutions("US"));
    expect(error).toMatchObject({ kind: "other", providerCode: "INVALID_API_KEYS", httpStatus: 400 });
    expect(error.requestId).toMatch(/^[A-Za-z0-9]{15}$/);
  });

  it("maps http500 to transient, rate_limit to rate_limited and a malformed body to invalid_response", async () => {
    await server.control("faults", { provider: "plaid", mode: "http500", count: 4 });
    expect(await failure(plaid.listAccounts(secret))).toMatchObject({ kind: "transient", providerCode: "INTERNAL_SERVER_ERROR", httpStatus: 500 });

    await server.control("faults", { provider: "plaid", mode: "rate_limit", count: 1 });
    const limited = await failure(plaid.listAccounts(secret));
    expect(limited).toMatchObject({ kind: "rate_limited", providerCode: "RATE_LIMIT_EXCEEDED", httpStatus: 429 });
    const wait = limited.resetAt!.getTime() - Date.now();
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);

    await server.control("faults", { provider: "plaid", mode: "malformed", count: 1 });
    expect(await failure(plaid.listAccounts(secret))).toMatchObject({ kind: "invalid_response" });

    await server.control("faults", { provider: "plaid", mode: "http500", count: 0 });
    expect(await plaid.listAccounts(secret)).toHaveLength(2);
  });

  it("reports a cancellation at the login page as cancelled", async () => {
    const started = await plaid.startAuthorization(authorization({ state: "other-state" }));
    const callback = await completeHostedConsent(started.url, { cancelAt: "login" });
    expect(callback.searchParams.get("state")).toBe("other-state");
    expect(await failure(plaid.completeAuthorization(started.pending, callback.searchParams))).toMatchObject({
      kind: "cancelled",
      providerCode: "requires_credentials",
    });
  });

  it("repairs an Item that needs a new login in update mode, keeping its item and account ids", async () => {
    const reset = await fetch(`${server.sandboxUrl}/plaid/sandbox/item/reset_login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: sandboxCredentials.plaid.clientId, secret: sandboxCredentials.plaid.secret, access_token: secret.accessToken }),
    });
    expect(reset.status).toBe(200);
    expect(await failure(plaid.listAccounts(secret))).toMatchObject({ kind: "needs_user_action", providerCode: "ITEM_LOGIN_REQUIRED" });

    const started = await plaid.startAuthorization(authorization({ existing: secret }));
    const completed = await plaid.completeAuthorization(started.pending, (await completeHostedConsent(started.url)).searchParams);
    expect(completed.secret).toEqual(secret);
    expect(completed.accounts.map((a) => a.externalId).sort()).toEqual(accounts.map((a) => a.externalId).sort());
    expect((await fetchChecking(cursor)).flatMap((p) => p.transactions)).toEqual([]);
  });

  it("revokes the Item: its access token stops working", async () => {
    expect(await plaid.revoke(secret)).toEqual({ providerKeepsRecord: false });
    expect(await failure(plaid.listAccounts(secret))).toMatchObject({ kind: "consent_expired", providerCode: "ITEM_NOT_FOUND" });
    expect(await plaid.revoke(secret)).toEqual({ providerKeepsRecord: false });
  });
});
