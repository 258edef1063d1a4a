import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/dates";
import { decimalToMinor } from "@/lib/money";
import { sandboxToday } from "@/lib/sandbox/store";
import { institutionByName, providerIdFor, ruleTransaction } from "@/lib/sandbox/world";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { isProviderError, ProviderError, type ProviderErrorKind } from "../errors";
import type { HttpOptions } from "../http";
import type { CompletedAuthorization, NormalizedTransaction, ProviderAdapter } from "../types";
import { createGocardlessAdapter, gocardlessConfigFromEnv, type GocardlessConfig } from ".";

const noWait: HttpOptions = { sleep: async () => {}, timeoutMs: 5000 };
const SANDBOX_BANK = "SANDBOX_BANK_SBXBBEBB";

let server: SandboxServer;
let config: GocardlessConfig;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startSandboxServer();
  config = gocardlessConfigFromEnv({}, server.sandboxUrl)!;
  adapter = createGocardlessAdapter(config, noWait);
});

afterAll(async () => {
  await server?.close();
});

afterEach(async () => {
  await server.control("faults", { provider: "gocardless", mode: "http500", count: 0 });
});

async function expectProviderError(promise: Promise<unknown>, kind: ProviderErrorKind): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (!isProviderError(error)) throw error;
    expect(error.kind, `${error.message} (${error.providerCode})`).toBe(kind);
    return error;
  }
  throw new Error(`expected a ${kind} ProviderError`);
}

async function connect(institution: { externalId: string; name: string }, historyDays = 730, accounts?: string[]): Promise<CompletedAuthorization> {
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const started = await adapter.startAuthorization({
    institution: { ...institution, country: "BE" },
    redirectUrl: "https://app.example/connections/callback",
    state,
    language: "en",
    psuType: "business",
    historyDays,
    consentDays: null,
    clientUserId: "company-1",
    existing: null,
  });
  const back = await completeHostedConsent(started.url, accounts ? { accounts } : {});
  expect(back.origin + back.pathname).toBe("https://app.example/connections/callback");
  expect(back.searchParams.get("ref")).toBe(state);
  return adapter.completeAuthorization(started.pending, back.searchParams);
}

async function allTransactions(a: ProviderAdapter, secret: CompletedAuthorization["secret"], accountExternalId: string, includePending: boolean) {
  const today = await sandboxToday(server.database.db);
  const list: NormalizedTransaction[] = [];
  for await (const page of a.fetchTransactions(secret, { accountExternalId, from: addDays(today, -730), to: today, cursor: null, includePending, background: false })) {
    list.push(...page.transactions);
  }
  return list;
}

describe("GoCardless adapter against the sandbox", () => {
  it("lists the BE institutions with their history and consent limits", async () => {
    const institutions = await adapter.listInstitutions("BE");
    const bank = institutions.find((i) => i.name === "Sandbox Bank");
    expect(bank).toMatchObject({ provider: "gocardless", externalId: SANDBOX_BANK, country: "BE", bic: "SBXBBEBB", historyDays: 730, consentDays: 180, autoFetch: true });
    expect(institutions.find((i) => i.name === "Sandbox 90-Day Bank")).toMatchObject({ historyDays: 90 });
    expect(institutions.find((i) => i.name === "Sandbox Expiring Bank")).toMatchObject({ consentDays: 3 });
    expect(institutions.every((i) => i.country === "BE")).toBe(true);
    expect(institutions.some((i) => i.name === "Sandbox US Bank")).toBe(false);
  });

  it("connects Sandbox Bank: three accounts, balances, the whole history and the pending rows", async () => {
    const done = await connect({ externalId: SANDBOX_BANK, name: "Sandbox Bank" });
    expect(done.accounts.map((a) => [a.name, a.currency])).toEqual([
      ["Checking", "EUR"],
      ["Savings", "EUR"],
      ["Card", "USD"],
    ]);
    for (const account of done.accounts) expect(account.iban).toMatch(/^BE\d{14}$/);
    expect(done.secret).toEqual({ requisitionId: done.externalRef, agreementId: expect.any(String) });
    const days = (done.consentExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    const today = await sandboxToday(server.database.db);
    const dates = Array.from({ length: 400 }, (_, i) => addDays(today, -400 + i));
    const posted = dates.reduce((sum, d) => sum + decimalToMinor(ruleTransaction(d).amount, "EUR"), 0n);
    const checking = done.accounts.find((a) => a.name === "Checking")!;
    expect(checking.balance).toMatchObject({ amountMinor: 1_000_000n + posted, currency: "EUR" });
    expect(await adapter.getBalance(done.secret, checking.externalId)).toMatchObject({ amountMinor: 1_000_000n + posted });

    // Transaction ids are the bank's, not prefixed by the requisition's account resource id.
    const checkingBankId = providerIdFor("gocardless", institutionByName("Sandbox Bank")!.accounts.find((a) => a.name === "Checking")!.key);
    const withPending = await allTransactions(adapter, done.secret, checking.externalId, true);
    const booked = withPending.filter((t) => t.status === "posted").sort((a, b) => a.date.localeCompare(b.date));
    expect(booked).toHaveLength(400);
    expect(booked.map((t) => t.date)).toEqual(dates);
    for (const t of booked) {
      const rule = ruleTransaction(t.date);
      expect(t.amountMinor).toBe(decimalToMinor(rule.amount, "EUR"));
      expect(t.externalId).toBe(`${checkingBankId}-${rule.suffix}`);
      expect(t.description).toBe(rule.description);
      expect(t.currency).toBe("EUR");
    }
    expect(booked.some((t) => t.amountMinor > 0n) && booked.some((t) => t.amountMinor < 0n)).toBe(true);
    const pending = withPending.filter((t) => t.status === "pending").sort((a, b) => a.description.localeCompare(b.description));
    expect(pending.map((t) => [t.amountMinor, t.date, t.description])).toEqual([
      [-500n, today, "Pending 1"],
      [-750n, today, "Pending 2"],
    ]);
    expect(new Set(pending.map((t) => t.externalId)).size).toBe(2);

    const postedOnly = await allTransactions(adapter, done.secret, checking.externalId, false);
    expect(postedOnly).toHaveLength(400);

    expect((await adapter.listAccounts(done.secret)).map((a) => a.externalId)).toEqual(done.accounts.map((a) => a.externalId));
  });

  it("gives only 90 days at Sandbox 90-Day Bank", async () => {
    const done = await connect({ externalId: "SANDBOX_90_DAY_BANK_SBXNBEBB", name: "Sandbox 90-Day Bank" });
    expect(done.accounts.map((a) => a.name)).toEqual(["Current Account"]);
    const today = await sandboxToday(server.database.db);
    const posted = (await allTransactions(adapter, done.secret, done.accounts[0]!.externalId, false)).map((t) => t.date).sort();
    expect(posted).toHaveLength(90);
    expect(posted[0]).toBe(addDays(today, -90));
    expect(posted.at(-1)).toBe(addDays(today, -1));
  });

  it("connects with zero accounts chosen", async () => {
    const done = await connect({ externalId: SANDBOX_BANK, name: "Sandbox Bank" }, 730, []);
    expect(done.accounts).toEqual([]);
  });

  it("refuses wrong credentials", async () => {
    const wrong = createGocardlessAdapter({ ...config, secretKey: "not-the-key" }, noWait);
    const error = await expectProviderError(wrong.listInstitutions("BE"), "other");
    expect(error.httpStatus).toBe(401);
    expect(error.providerCode).toBe("Authentication failed");
  });

  it("reports a user cancellation at the login page as cancelled", async () => {
    const started = await adapter.startAuthorization({
      institution: { externalId: SANDBOX_BANK, name: "Sandbox Bank", country: "BE" },
      redirectUrl: "https://app.example/connections/callback",
      state: "cancel-state",
      language: "en",
      psuType: "personal",
      historyDays: 730,
      consentDays: null,
      clientUserId: "company-1",
      existing: null,
    });
    const back = await completeHostedConsent(started.url, { cancelAt: "login" });
    expect(back.searchParams.get("error")).toBe("UserCancelledSession");
    const error = await expectProviderError(adapter.completeAuthorization(started.pending, back.searchParams), "cancelled");
    expect(error.providerCode).toBe("UserCancelledSession");
  });

  it("gets through Sandbox Flaky Bank's 503s by retrying", async () => {
    const done = await connect({ externalId: "SANDBOX_FLAKY_BANK_SBXFBEBB", name: "Sandbox Flaky Bank" });
    const account = done.accounts[0]!.externalId;
    let waits = 0;
    const patient = createGocardlessAdapter(config, { ...noWait, sleep: async () => void waits++ });
    expect(await allTransactions(patient, done.secret, account, false)).toHaveLength(400);
    expect(waits).toBe(2);
    const once = createGocardlessAdapter(config, { ...noWait, attempts: 1 });
    await expectProviderError(allTransactions(once, done.secret, account, false), "transient");
  });

  it("revokes: the requisition is gone", async () => {
    const done = await connect({ externalId: SANDBOX_BANK, name: "Sandbox Bank" });
    expect(await adapter.revoke(done.secret)).toEqual({ providerKeepsRecord: false });
    const error = await expectProviderError(adapter.listAccounts(done.secret), "other");
    expect(error.httpStatus).toBe(404);
    expect(await adapter.revoke(done.secret)).toEqual({ providerKeepsRecord: false });
  });

  describe("armed faults", () => {
    it("http500: transient after the retries", async () => {
      await adapter.listInstitutions("LU");
      await server.control("faults", { provider: "gocardless", mode: "http500", count: 10 });
      const error = await expectProviderError(adapter.listInstitutions("LU"), "transient");
      expect(error.httpStatus).toBe(500);
    });

    it("rate_limit: rate_limited with its reset time", async () => {
      await adapter.listInstitutions("LU");
      await server.control("faults", { provider: "gocardless", mode: "rate_limit", count: 1 });
      const error = await expectProviderError(adapter.listInstitutions("LU"), "rate_limited");
      const inSeconds = (error.resetAt!.getTime() - Date.now()) / 1000;
      expect(inSeconds).toBeGreaterThan(50);
      expect(inSeconds).toBeLessThanOrEqual(60);
      expect(error.providerCode).toBe("Rate limit exceeded");
    });

    it("malformed: invalid_response", async () => {
      await server.control("faults", { provider: "gocardless", mode: "malformed", count: 1 });
      await expectProviderError(adapter.listInstitutions("LU"), "invalid_response");
    });

    it("timeout: transient", async () => {
      process.env.SANDBOX_TIMEOUT_FAULT_MS = "1500";
      try {
        const hasty = createGocardlessAdapter(config, { sleep: async () => {}, timeoutMs: 300, attempts: 2 });
        await hasty.listInstitutions("LU");
        await server.control("faults", { provider: "gocardless", mode: "timeout", count: 2 });
        const error = await expectProviderError(hasty.listInstitutions("LU"), "transient");
        expect(error.providerCode).toBe("timeout");
      } finally {
        delete process.env.SANDBOX_TIMEOUT_FAULT_MS;
      }
    });
  });

  // Last: it moves the shared clock.
  it("Sandbox Expiring Bank: the consent expires after 3 days", async () => {
    const done = await connect({ externalId: "SANDBOX_EXPIRING_BANK_SBXEBEBB", name: "Sandbox Expiring Bank" });
    const days = (done.consentExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThanOrEqual(3);
    const account = done.accounts[0]!.externalId;
    expect(await allTransactions(adapter, done.secret, account, false)).toHaveLength(400);

    await server.control("clock", { advanceHours: 96 });
    try {
      // The access token also died by the sandbox's clock: the adapter gets a new one, then meets the expiry.
      const error = await expectProviderError(allTransactions(adapter, done.secret, account, false), "consent_expired");
      expect(error.httpStatus).toBe(401);
      expect(error.providerCode).toMatch(/^End User Agreement \(EUA\) .+ has expired$/);
      await expectProviderError(adapter.listAccounts(done.secret), "consent_expired");
    } finally {
      await server.control("reset");
    }
  });
});
