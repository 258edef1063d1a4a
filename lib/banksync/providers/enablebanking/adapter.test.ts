import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/dates";
import { accountTransactions, balanceOf, getState, sandboxNow, sandboxToday } from "@/lib/sandbox/store";
import { institutionByName, providerIdFor, ruleTransaction } from "@/lib/sandbox/world";
import { completeHostedConsent, type ConsentChoices } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { isProviderError, ProviderError } from "../errors";
import type { ConnectionSecret, FetchTransactionsInput, ProviderAdapter, ProviderInstitution, TransactionPage } from "../types";
import { createEnablebankingAdapter, enablebankingConfigFromEnv, type EnablebankingConfig } from "./index";

const fast = { sleep: async () => {}, timeoutMs: 2000 };
const HOUR_MS = 3_600_000;

let server: SandboxServer;
let config: EnablebankingConfig;
let adapter: ProviderAdapter;
let belgium: ProviderInstitution[];

beforeAll(async () => {
  server = await startSandboxServer();
  config = enablebankingConfigFromEnv({}, server.sandboxUrl)!;
  adapter = createEnablebankingAdapter(config, fast);
  belgium = await adapter.listInstitutions("BE");
});

afterAll(async () => {
  await server?.close();
});

function institution(name: string): ProviderInstitution {
  const found = belgium.find((i) => i.name === name);
  if (!found) throw new Error(`${name} is not listed`);
  return found;
}

async function start(name: string) {
  const bank = institution(name);
  return adapter.startAuthorization({
    institution: { externalId: bank.externalId, country: bank.country, name: bank.name },
    redirectUrl: "http://127.0.0.1:9/callback?from=test",
    state: `state-${name}`,
    language: "en",
    psuType: "business",
    historyDays: bank.historyDays,
    consentDays: bank.consentDays,
    clientUserId: "company-1",
    existing: null,
  });
}

async function connect(name: string, choices: ConsentChoices = {}) {
  const started = await start(name);
  const callback = await completeHostedConsent(started.url, choices);
  expect(callback.searchParams.get("state")).toBe(`state-${name}`);
  expect(callback.searchParams.get("from")).toBe("test");
  return adapter.completeAuthorization(started.pending, callback.searchParams);
}

async function fetchAll(secret: ConnectionSecret, input: Partial<FetchTransactionsInput> & { accountExternalId: string }, using = adapter): Promise<TransactionPage[]> {
  const today = await sandboxToday(server.database.db);
  const pages: TransactionPage[] = [];
  for await (const page of using.fetchTransactions(secret, {
    from: addDays(today, -730),
    to: today,
    cursor: null,
    includePending: true,
    background: false,
    ...input,
  })) {
    pages.push(page);
  }
  return pages;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected a ProviderError");
}

function uidOf(institutionName: string, accountName: string): string {
  const bank = institutionByName(institutionName)!;
  return providerIdFor("enablebanking", bank.accounts.find((a) => a.name === accountName)!.key);
}

describe("Enable Banking adapter against the sandbox", () => {
  it("lists the Belgian ASPSPs with the special sandbox banks", () => {
    expect(institution("Sandbox Bank")).toMatchObject({ externalId: "BE:Sandbox Bank", beta: false, historyDays: 730, consentDays: 180, psuTypes: ["personal", "business"] });
    expect(institution("Sandbox Daily Limit Bank").beta).toBe(false);
    expect(institution("Sandbox Duplicates Bank").beta).toBe(false);
    expect(institution("Sandbox Beta Bank").beta).toBe(true);
    expect(belgium.some((i) => i.name === "Sandbox 90-Day Bank")).toBe(false);
    expect(belgium.every((i) => i.country === "BE" && i.provider === "enablebanking")).toBe(true);
  });

  it("connects Sandbox Bank through the hosted consent and reads its accounts", async () => {
    const now = await sandboxNow(server.database.db);
    const completed = await connect("Sandbox Bank");
    expect(completed.secret.sessionId).toBe(completed.externalRef);
    expect(completed.accounts.map((a) => [a.name, a.currency])).toEqual([
      ["Checking", "EUR"],
      ["Savings", "EUR"],
      ["Card", "USD"],
    ]);
    const expiresIn = completed.consentExpiresAt!.getTime() - now.getTime();
    expect(Math.abs(expiresIn - 90 * 24 * HOUR_MS)).toBeLessThan(60_000);

    const bank = institutionByName("Sandbox Bank")!;
    const checking = bank.accounts[0]!;
    const { resetOn } = await getState(server.database.db);
    const held = await accountTransactions(server.database.db, bank, checking, await sandboxToday(server.database.db), resetOn);
    const first = completed.accounts[0]!;
    expect(first).toMatchObject({ externalId: uidOf("Sandbox Bank", "Checking"), iban: checking.iban, accountNumber: checking.iban });
    expect(first.balance).toMatchObject({ amountMinor: BigInt(balanceOf(checking, held).replace(".", "")), currency: "EUR" });

    expect((await adapter.listAccounts(completed.secret)).map((a) => a.name)).toEqual(["Checking", "Savings", "Card"]);
    expect(await adapter.getBalance(completed.secret, first.externalId)).toEqual(first.balance);
  });

  it("accepts a code only once", async () => {
    const started = await start("Sandbox Bank");
    const callback = await completeHostedConsent(started.url, { accounts: ["Savings"] });
    const completed = await adapter.completeAuthorization(started.pending, callback.searchParams);
    expect(completed.accounts.map((a) => a.name)).toEqual(["Savings"]);
    const again = await failure(adapter.completeAuthorization(started.pending, callback.searchParams));
    expect(again.kind).toBe("other");
    expect(again.providerCode).toBe("WRONG_AUTHORIZATION_CODE");
  });

  it("pages through 400 posted and 2 pending transactions of Checking", async () => {
    const completed = await connect("Sandbox Bank");
    const uid = uidOf("Sandbox Bank", "Checking");
    const pages = await fetchAll(completed.secret, { accountExternalId: uid });
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const all = pages.flatMap((p) => p.transactions);
    const posted = all.filter((t) => t.status === "posted");
    const pending = all.filter((t) => t.status === "pending");
    expect(posted).toHaveLength(400);
    expect(pending.map((t) => [t.description, t.amountMinor])).toEqual([
      ["Pending 1", -500n],
      ["Pending 2", -750n],
    ]);
    expect(new Set(all.map((t) => t.externalId)).size).toBe(402);

    const today = await sandboxToday(server.database.db);
    const yesterday = addDays(today, -1);
    const rule = ruleTransaction(yesterday);
    const last = posted.find((t) => t.date === yesterday)!;
    expect(last).toMatchObject({
      externalId: `${uid}-${yesterday.replaceAll("-", "")}-1`,
      description: rule.description,
      amountMinor: BigInt(rule.amount.replace(".", "")),
      currency: "EUR",
      valueDate: yesterday,
    });
    expect(posted[0]!.date).toBe(addDays(today, -400));

    const postedOnly = (await fetchAll(completed.secret, { accountExternalId: uid, includePending: false })).flatMap((p) => p.transactions);
    expect(postedOnly).toHaveLength(400);
    expect(postedOnly.every((t) => t.status === "posted")).toBe(true);

    const lastTen = (await fetchAll(completed.secret, { accountExternalId: uid, from: addDays(today, -10), background: true })).flatMap((p) => p.transactions);
    expect(lastTen.filter((t) => t.status === "posted")).toHaveLength(10);
  });

  it("brings Sandbox Duplicates Bank's twin with another id and its repeated row twice in one page", async () => {
    const completed = await connect("Sandbox Duplicates Bank");
    const uid = completed.accounts[0]!.externalId;
    const pages = await fetchAll(completed.secret, { accountExternalId: uid, includePending: false });
    const { resetOn } = await getState(server.database.db);
    const all = pages.flatMap((p) => p.transactions);
    expect(all).toHaveLength(402);

    const twins = all.filter((t) => t.date === addDays(resetOn, -5));
    expect(twins).toHaveLength(2);
    expect(twins[0]!.externalId).not.toBe(twins[1]!.externalId);
    expect(twins[0]!.amountMinor).toBe(twins[1]!.amountMinor);
    expect(twins.filter((t) => t.description.endsWith(" bis"))).toHaveLength(1);

    const repeatedDate = addDays(resetOn, -6);
    const repeatedId = `${uid}-${repeatedDate.replaceAll("-", "")}-1`;
    const pageWithIt = pages.filter((p) => p.transactions.some((t) => t.externalId === repeatedId));
    expect(pageWithIt).toHaveLength(1);
    expect(pageWithIt[0]!.transactions.filter((t) => t.externalId === repeatedId)).toHaveLength(2);
  });

  it("refuses a JWT signed with another key or for another application", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const otherKey = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const forged = createEnablebankingAdapter({ ...config, privateKey: otherKey }, fast);
    const error = await failure(forged.listInstitutions("BE"));
    expect(error).toMatchObject({ kind: "other", providerCode: "UNAUTHORIZED", httpStatus: 401 });
    expect(error.providerMessage).toMatch(/signature/i);

    const stranger = createEnablebankingAdapter({ ...config, applicationId: "another-application" }, fast);
    expect(await failure(stranger.listInstitutions("BE"))).toMatchObject({ kind: "other", providerCode: "UNAUTHORIZED" });
  });

  it("maps armed faults: http500 → transient, rate_limit → rate_limited, malformed → invalid_response", async () => {
    await server.control("faults", { provider: "enablebanking", mode: "http500", count: 10 });
    const transient = await failure(adapter.listInstitutions("BE"));
    expect(transient).toMatchObject({ kind: "transient", providerCode: "ASPSP_ERROR", httpStatus: 502 });
    await server.control("faults", { provider: "enablebanking", mode: "http500", count: 0 });

    await server.control("faults", { provider: "enablebanking", mode: "rate_limit", count: 1 });
    const limited = await failure(adapter.listInstitutions("BE"));
    expect(limited).toMatchObject({ kind: "rate_limited", providerCode: "ASPSP_RATE_LIMIT_EXCEEDED", httpStatus: 429 });
    expect(limited.resetAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);

    await server.control("faults", { provider: "enablebanking", mode: "malformed", count: 1 });
    expect((await failure(adapter.listInstitutions("BE"))).kind).toBe("invalid_response");

    // Transient failures are retried: one 502 then a good answer succeeds.
    await server.control("faults", { provider: "enablebanking", mode: "http500", count: 1 });
    expect((await adapter.listInstitutions("BE")).length).toBe(belgium.length);
  });

  it("reports a cancellation on the hosted pages as cancelled", async () => {
    const started = await start("Sandbox Bank");
    const callback = await completeHostedConsent(started.url, { cancelAt: "accounts" });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("state-Sandbox Bank");
    const error = await failure(adapter.completeAuthorization(started.pending, callback.searchParams));
    expect(error).toMatchObject({ kind: "cancelled", providerCode: "access_denied" });
  });

  it("revokes the session: its accounts answer consent_expired and a second revoke is harmless", async () => {
    const completed = await connect("Sandbox Beta Bank");
    const uid = completed.accounts[0]!.externalId;
    expect(await adapter.revoke(completed.secret)).toEqual({ providerKeepsRecord: false });
    const fetchError = await failure(fetchAll(completed.secret, { accountExternalId: uid }));
    expect(fetchError).toMatchObject({ kind: "consent_expired", providerCode: "REVOKED_SESSION", httpStatus: 401 });
    expect((await failure(adapter.listAccounts(completed.secret))).kind).toBe("consent_expired");
    expect(await adapter.revoke(completed.secret)).toEqual({ providerKeepsRecord: false });
  });

  it("allows Sandbox Daily Limit Bank one transactions fetch per account per 24 h", async () => {
    const completed = await connect("Sandbox Daily Limit Bank");
    const uid = completed.accounts[0]!.externalId;
    const first = await fetchAll(completed.secret, { accountExternalId: uid, background: true });
    // Continuation pages of the allowed fetch are free.
    expect(first.length).toBeGreaterThan(1);
    expect(first.flatMap((p) => p.transactions).filter((t) => t.status === "posted")).toHaveLength(400);

    const now = await sandboxNow(server.database.db);
    const limited = await failure(fetchAll(completed.secret, { accountExternalId: uid }));
    expect(limited).toMatchObject({ kind: "rate_limited", providerCode: "ASPSP_RATE_LIMIT_EXCEEDED", httpStatus: 429 });
    expect(Math.abs(limited.resetAt!.getTime() - (now.getTime() + 24 * HOUR_MS))).toBeLessThan(120_000);

    await server.control("clock", { advanceHours: 25 });
    const again = await fetchAll(completed.secret, { accountExternalId: uid });
    expect(again.flatMap((p) => p.transactions).filter((t) => t.status === "posted")).toHaveLength(400);
  });

  it("expires the session by the sandbox clock", async () => {
    const completed = await connect("Sandbox Bank");
    const uid = completed.accounts[0]!.externalId;
    expect((await fetchAll(completed.secret, { accountExternalId: uid, includePending: false })).length).toBeGreaterThan(0);
    await server.control("clock", { advanceHours: 90 * 24 + 1 });
    const error = await failure(fetchAll(completed.secret, { accountExternalId: uid }));
    expect(error).toMatchObject({ kind: "consent_expired", providerCode: "EXPIRED_SESSION" });
    expect(isProviderError(await failure(adapter.getBalance(completed.secret, uid)), "consent_expired")).toBe(true);
    expect((await failure(adapter.listAccounts(completed.secret))).providerCode).toBe("EXPIRED");
  });
});
