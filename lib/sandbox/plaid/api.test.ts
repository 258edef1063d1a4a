import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { sandboxCredentials } from "../credentials";
import { institutionByName, providerIdFor } from "../world";

/** The emulated Plaid API's own shapes, over HTTP, where the adapter's tests do not reach. */

let server: SandboxServer;
const credentials = { client_id: sandboxCredentials.plaid.clientId, secret: sandboxCredentials.plaid.secret };
const usBank = institutionByName("Sandbox US Bank")!;
const institutionId = `ins_${providerIdFor("plaid", usBank.key)}`;

async function post(path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.sandboxUrl}/plaid/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function linkItem(): Promise<string> {
  const created = await post("link/token/create", {
    ...credentials,
    client_name: "Test",
    language: "en",
    country_codes: ["US"],
    user: { client_user_id: "u1" },
    products: ["transactions"],
    transactions: { days_requested: 30 },
    hosted_link: { completion_redirect_uri: "http://app.test/done?state=x" },
    institution_id: institutionId,
  });
  expect(created.status).toBe(200);
  const redirect = await completeHostedConsent(String(created.body.hosted_link_url), { accounts: ["Plaid Checking"] });
  expect(redirect.toString()).toBe("http://app.test/done?state=x");
  const got = await post("link/token/get", { ...credentials, link_token: created.body.link_token });
  const session = (got.body.link_sessions as { results: { item_add_results: { public_token: string; accounts: unknown[] }[] }; exit: unknown }[])[0]!;
  expect(session.exit).toBeNull();
  expect(session.results.item_add_results[0]!.accounts).toHaveLength(1);
  const exchanged = await post("item/public_token/exchange", { ...credentials, public_token: session.results.item_add_results[0]!.public_token });
  return String(exchanged.body.access_token);
}

beforeAll(async () => {
  server = await startSandboxServer();
});

afterAll(async () => {
  await server?.close();
});

describe("the Plaid sandbox API", () => {
  it("takes credentials from headers or body and answers others with INVALID_API_KEYS", async () => {
    const body = { count: 1, offset: 0, country_codes: ["US"] };
    expect((await post("institutions/get", body, { "PLAID-CLIENT-ID": credentials.client_id, "PLAID-SECRET": credentials.secret })).status).toBe(200);
    const ok = await post("institutions/get", { ...body, ...credentials });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ institutions: [{ institution_id: institutionId, name: "Sandbox US Bank", country_codes: ["US"], oauth: false }] });
    expect(ok.body.request_id).toEqual(expect.any(String));
    const wrong = await post("institutions/get", { ...body, ...credentials, secret: "nope" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS", display_message: null });
    expect(wrong.body.request_id).toEqual(expect.any(String));
  });

  it("validates bodies and paths as Plaid does", async () => {
    expect((await post("institutions/get", { ...credentials, count: 501, offset: 0, country_codes: ["US"] })).body).toMatchObject({ error_code: "INVALID_FIELD" });
    expect((await post("institutions/get", { ...credentials, offset: 0, country_codes: ["US"] })).body).toMatchObject({ error_code: "MISSING_FIELDS" });
    expect((await post("no/such/endpoint", credentials)).status).toBe(404);
    const byId = await post("institutions/get_by_id", { ...credentials, institution_id: institutionId, country_codes: ["US"] });
    expect(byId.body).toMatchObject({ institution: { name: "Sandbox US Bank" } });
  });

  it("serves an Item's accounts and a sync without account filter, limited to days_requested", async () => {
    const accessToken = await linkItem();
    const accounts = await post("accounts/get", { ...credentials, access_token: accessToken });
    expect(accounts.body).toMatchObject({ accounts: [{ name: "Plaid Checking", type: "depository", subtype: "checking", balances: { iso_currency_code: "USD" } }] });
    const synced = await post("transactions/sync", { ...credentials, access_token: accessToken, count: 500 });
    expect(synced.body).toMatchObject({ has_more: false, transactions_update_status: "HISTORICAL_UPDATE_COMPLETE", modified: [], removed: [] });
    const added = synced.body.added as { amount: number; pending: boolean; name: string }[];
    // 30 days of history plus today's two pending rows; positive amounts are money out.
    expect(added).toHaveLength(32);
    expect(added.filter((t) => t.pending).map((t) => t.amount).sort()).toEqual([5, 7.5]);
    expect(added.filter((t) => t.name.startsWith("Salary")).every((t) => t.amount === -1000)).toBe(true);
  });

  it("answers TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION only to a call with a cursor", async () => {
    const accessToken = await linkItem();
    await server.control("faults", { provider: "plaid", mode: "mutation_during_pagination", count: 1 });
    const first = await post("transactions/sync", { ...credentials, access_token: accessToken, count: 10 });
    expect(first.status).toBe(200);
    await server.control("faults", { provider: "plaid", mode: "mutation_during_pagination", count: 1 });
    const failed = await post("transactions/sync", { ...credentials, access_token: accessToken, count: 10, cursor: first.body.next_cursor });
    expect(failed.status).toBe(400);
    expect(failed.body).toMatchObject({ error_type: "TRANSACTIONS_ERROR", error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });
  });

  it("answers armed http500 and rate_limit faults in Plaid's shapes", async () => {
    await server.control("faults", { provider: "plaid", mode: "rate_limit", count: 1 });
    const limited = await post("institutions/get", { ...credentials, count: 1, offset: 0, country_codes: ["US"] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.body).toMatchObject({ error_type: "RATE_LIMIT_EXCEEDED", error_code: "RATE_LIMIT_EXCEEDED" });
    await server.control("faults", { provider: "plaid", mode: "http500", count: 1 });
    const failed = await post("institutions/get", { ...credentials, count: 1, offset: 0, country_codes: ["US"] });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" });
  });

  it("records a cancelled Link session as exited", async () => {
    const created = await post("link/token/create", {
      ...credentials,
      client_name: "Test",
      language: "en",
      country_codes: ["US"],
      user: { client_user_id: "u1" },
      products: ["transactions"],
      hosted_link: { completion_redirect_uri: "http://app.test/done" },
      institution_id: institutionId,
    });
    await completeHostedConsent(String(created.body.hosted_link_url), { cancelAt: "accounts" });
    const got = await post("link/token/get", { ...credentials, link_token: created.body.link_token });
    expect(got.body.link_sessions).toMatchObject([
      { results: { item_add_results: [] }, exit: { error: null, metadata: { status: "requires_account_selection", institution: { institution_id: institutionId } } } },
    ]);
  });
});
