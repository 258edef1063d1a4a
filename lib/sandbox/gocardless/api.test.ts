import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/dates";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { sandboxToday } from "@/lib/sandbox/store";
import { institutionByKey, providerIdFor } from "@/lib/sandbox/world";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { gocardlessSandbox } from ".";

/** The bank's own id of an institution's first account, as GoCardless prefixes its transaction ids with. */
const bankId = (institution: string) => providerIdFor("gocardless", institutionByKey(institution)!.accounts[0]!.key);

/** The emulated API spoken directly over HTTP, as GoCardless's documentation shows it. */

let server: SandboxServer;
let api: string;
let access: string;
let refresh: string;

async function call(method: string, path: string, body?: unknown, token: string | null = access) {
  const response = await fetch(`${api}/${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { [key: string]: unknown } };
}

async function linkedRequisition(institution: string, reference: string, agreementBody: Record<string, unknown> = {}) {
  const agreement = await call("POST", "agreements/enduser/", { institution_id: institution, ...agreementBody });
  expect(agreement.status).toBe(201);
  const requisition = await call("POST", "requisitions/", { redirect: "https://app.example/cb?x=1", institution_id: institution, agreement: agreement.body.id, reference, user_language: "EN" });
  expect(requisition.status).toBe(201);
  const back = await completeHostedConsent(requisition.body.link as string);
  expect(back.searchParams.get("ref")).toBe(reference);
  expect(back.searchParams.get("x")).toBe("1");
  return (await call("GET", `requisitions/${requisition.body.id}/`)).body;
}

async function newAccess(): Promise<string> {
  const token = await call("POST", "token/new/", { secret_id: sandboxCredentials.gocardless.secretId, secret_key: sandboxCredentials.gocardless.secretKey }, null);
  return token.body.access as string;
}

beforeAll(async () => {
  server = await startSandboxServer();
  api = `${server.sandboxUrl}/gocardless/api/v2`;
  const token = await call("POST", "token/new/", { secret_id: sandboxCredentials.gocardless.secretId, secret_key: sandboxCredentials.gocardless.secretKey }, null);
  expect(token.status).toBe(200);
  expect(token.body).toMatchObject({ access_expires: 86400, refresh_expires: 2592000 });
  access = token.body.access as string;
  refresh = token.body.refresh as string;
});

afterAll(async () => {
  await server?.close();
});

describe("GoCardless sandbox API", () => {
  it("authenticates as GoCardless does", async () => {
    expect((await call("POST", "token/new/", { secret_id: "x", secret_key: "y" }, null)).body).toMatchObject({ status_code: 401, summary: "Authentication failed" });
    expect((await call("GET", "institutions/?country=be", undefined, null)).status).toBe(401);
    expect((await call("GET", "institutions/?country=be", undefined, "nope")).body).toMatchObject({ status_code: 401, summary: "Invalid token" });
    const refreshed = await call("POST", "token/refresh/", { refresh }, null);
    expect(refreshed.status).toBe(200);
    expect((await call("GET", "institutions/SANDBOX_BANK_SBXBBEBB/", undefined, refreshed.body.access as string)).status).toBe(200);
    expect((await call("POST", "token/refresh/", { refresh: "nope" }, null)).status).toBe(401);
  });

  it("serves institutions with GoCardless's fields and ids", async () => {
    const { body } = await call("GET", "institutions/SANDBOX_EXPIRING_BANK_SBXEBEBB/");
    expect(body).toMatchObject({ id: "SANDBOX_EXPIRING_BANK_SBXEBEBB", name: "Sandbox Expiring Bank", bic: "SBXEBEBB", transaction_total_days: "730", max_access_valid_for_days: "3", countries: ["BE"] });
    expect((await call("GET", "institutions/NOPE_XXXXBEBB/")).status).toBe(404);
    expect((await call("GET", "institutions/?country=zz1")).status).toBe(400);
    expect((await call("GET", "institutions")).status).toBe(404);
  });

  it("validates agreements against the institution's limits", async () => {
    const expiring = "SANDBOX_EXPIRING_BANK_SBXEBEBB";
    expect((await call("POST", "agreements/enduser/", { institution_id: expiring, access_valid_for_days: 4 })).body).toMatchObject({ status_code: 400, summary: "Incorrect access_valid_for_days" });
    expect((await call("POST", "agreements/enduser/", { institution_id: "SANDBOX_90_DAY_BANK_SBXNBEBB", max_historical_days: 91 })).body).toMatchObject({ summary: "Incorrect max_historical_days" });
    expect((await call("POST", "agreements/enduser/", { institution_id: "SANDBOX_BANK_SBXBBEBB", access_valid_for_days: 181 })).status).toBe(400);
    const created = await call("POST", "agreements/enduser/", { institution_id: expiring, access_valid_for_days: 3, max_historical_days: 730 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accepted: null, access_valid_for_days: 3, access_scope: ["balances", "details", "transactions"] });
    expect((await call("GET", `agreements/enduser/${created.body.id}/`)).body).toEqual(created.body);
  });

  it("creates requisitions with unique references and links them on Allow", async () => {
    const first = await call("POST", "requisitions/", { redirect: "https://app.example/cb", institution_id: "SANDBOX_BANK_SBXBBEBB", reference: "ref-unique" });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "CR", accounts: [], reference: "ref-unique" });
    const again = await call("POST", "requisitions/", { redirect: "https://app.example/cb", institution_id: "SANDBOX_BANK_SBXBBEBB", reference: "ref-unique" });
    expect(again.body).toMatchObject({ status_code: 400, summary: "Client reference must be unique" });

    const linked = await linkedRequisition("SANDBOX_BANK_SBXBBEBB", "ref-linked");
    expect(linked.status).toBe("LN");
    expect(linked.accounts).toHaveLength(3);
    const agreement = (await call("GET", `agreements/enduser/${linked.agreement}/`)).body;
    expect(agreement.accepted).toEqual(expect.any(String));

    const deleted = await call("DELETE", `requisitions/${linked.id}/`);
    expect(deleted.status).toBe(200);
    expect((await call("GET", `requisitions/${linked.id}/`)).status).toBe(404);
    expect((await call("GET", `agreements/enduser/${linked.agreement}/`)).status).toBe(404);
    expect((await call("GET", `accounts/${(linked.accounts as string[])[0]}/details/`)).body).toMatchObject({ status_code: 401, type: "AccessExpiredError" });
  });

  it("serves transactions: booked with ids, pending without, date_to never in the future", async () => {
    const linked = await linkedRequisition("SANDBOX_90_DAY_BANK_SBXNBEBB", "ref-tx");
    const account = (linked.accounts as string[])[0]!;
    const today = await sandboxToday(server.database.db);
    const future = await call("GET", `accounts/${account}/transactions/?date_to=${addDays(today, 1)}`);
    expect(future.body).toMatchObject({ status_code: 400 });

    const { status, headers, body } = await call("GET", `accounts/${account}/transactions/?date_from=${addDays(today, -400)}&date_to=${today}`);
    expect(status).toBe(200);
    expect(headers.get("http_x_ratelimit_account_success_limit")).toMatch(/^\d+$/);
    expect(headers.get("http_x_ratelimit_account_success_remaining")).toMatch(/^\d+$/);
    expect(headers.get("http_x_ratelimit_account_success_reset")).toMatch(/^\d+$/);
    const { booked, pending } = body.transactions as { booked: Record<string, unknown>[]; pending: Record<string, unknown>[] };
    expect(booked).toHaveLength(90);
    expect(booked.at(-1)).toMatchObject({ bookingDate: addDays(today, -90), valueDate: addDays(today, -90), transactionId: `${bankId("sandbox-90-day-bank")}-${addDays(today, -90).replaceAll("-", "")}-1` });
    // The account resource is the requisition's own; the transaction id is the bank's.
    expect(booked.at(-1)!.transactionId).not.toContain(account);
    expect(pending).toHaveLength(2);
    for (const row of pending) {
      expect(Object.keys(row).filter((k) => /id$|reference$/i.test(k))).toEqual([]);
    }
    const balances = (await call("GET", `accounts/${account}/balances/`)).body.balances as { balanceType: string }[];
    expect(balances.map((b) => b.balanceType)).toContain("closingBooked");
  });

  it("answers an expired agreement with AccessExpiredError and the requisition turns EX", async () => {
    const linked = await linkedRequisition("SANDBOX_EXPIRING_BANK_SBXEBEBB", "ref-expiring", { access_valid_for_days: 3 });
    const account = (linked.accounts as string[])[0]!;
    expect((await call("GET", `accounts/${account}/details/`)).status).toBe(200);
    await server.control("clock", { advanceHours: 72 });
    try {
      // Our access token died too (24 h, by the sandbox clock).
      expect((await call("GET", `accounts/${account}/details/`)).body).toMatchObject({ summary: "Invalid token" });
      access = await newAccess();
      const expired = await call("GET", `accounts/${account}/transactions/`);
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ summary: `End User Agreement (EUA) ${linked.agreement} has expired`, type: "AccessExpiredError", status_code: 401 });
      expect((await call("GET", `requisitions/${linked.id}/`)).body.status).toBe("EX");
    } finally {
      // A reset forgets every provider-side record, our tokens included.
      await server.control("reset");
      access = await newAccess();
    }
  });

  it("cancels with GoCardless's redirect", async () => {
    const requisition = await call("POST", "requisitions/", { redirect: "https://app.example/cb", institution_id: "SANDBOX_BANK_SBXBBEBB", reference: "ref-cancel" });
    const back = await completeHostedConsent(requisition.body.link as string, { cancelAt: "accounts" });
    expect(back.toString()).toBe("https://app.example/cb?ref=ref-cancel&error=UserCancelledSession&details=User+cancelled+the+session");
  });

  it("fault answers in GoCardless's shape", async () => {
    const limited = gocardlessSandbox.faultResponse("rate_limit");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(await limited.json()).toEqual({ summary: "Rate limit exceeded", detail: "Please try again in 60 seconds", status_code: 429 });
    const broken = gocardlessSandbox.faultResponse("http500");
    expect(broken.status).toBe(500);
    expect(await broken.json()).toMatchObject({ status_code: 500, summary: expect.any(String), detail: expect.any(String) });
  });
});
