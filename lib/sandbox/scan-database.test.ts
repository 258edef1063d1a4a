import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companies } from "@/db/schema";
import { drivers } from "@/test/databases";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { sandboxCredentials } from "./credentials";
import type { IssuedSecret } from "./issued-secrets";
import type { ScanResult } from "./scan-database";
import { institutionByName, providerIdFor } from "./world";

/** The control calls e2e/secrets.spec.ts relies on: what the sandbox issued, and where a string sits in the database. */

describe.each(drivers)("issued-secrets and scan-database on %s", (driver) => {
  let server: SandboxServer;
  let gocardless: { access: string; refresh: string };
  let plaidAccessToken: string;

  async function post(path: string, body: unknown) {
    const response = await fetch(`${server.sandboxUrl}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    server = await startSandboxServer(driver);
    const { secretId, secretKey } = sandboxCredentials.gocardless;
    gocardless = (await post("gocardless/api/v2/token/new/", { secret_id: secretId, secret_key: secretKey })).body as typeof gocardless;

    const plaid = { client_id: sandboxCredentials.plaid.clientId, secret: sandboxCredentials.plaid.secret };
    const created = await post("plaid/link/token/create", {
      ...plaid,
      client_name: "Test",
      language: "en",
      country_codes: ["US"],
      user: { client_user_id: "u1" },
      products: ["transactions"],
      hosted_link: { completion_redirect_uri: "http://app.test/done" },
      institution_id: `ins_${providerIdFor("plaid", institutionByName("Sandbox US Bank")!.key)}`,
    });
    await completeHostedConsent(String(created.body.hosted_link_url));
    const got = await post("plaid/link/token/get", { ...plaid, link_token: created.body.link_token });
    const publicToken = (got.body.link_sessions as { results: { item_add_results: { public_token: string }[] } }[])[0]!.results.item_add_results[0]!.public_token;
    plaidAccessToken = String((await post("plaid/item/public_token/exchange", { ...plaid, public_token: publicToken })).body.access_token);
    // Removed at Plaid: its access token is still listed, from the public token that named it.
    expect((await post("plaid/item/remove", { ...plaid, access_token: plaidAccessToken })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it("answers the tokens the emulated providers issued and the credentials they accept", async () => {
    const { body } = await post("control/issued-secrets", {});
    const secrets = body.secrets as IssuedSecret[];
    expect(secrets).toEqual(
      expect.arrayContaining([
        { kind: "GoCardless access token", value: gocardless.access },
        { kind: "GoCardless refresh token", value: gocardless.refresh },
        { kind: "Plaid access token", value: plaidAccessToken },
        { kind: "Plaid public token", value: expect.stringMatching(/^public-sandbox-/) },
        { kind: "Salt Edge app secret", value: sandboxCredentials.saltedge.secret },
        { kind: "sandbox bank password", value: "pass_good" },
      ]),
    );
    expect(sandboxCredentials.enablebanking.privateKey).toContain(secrets.find((s) => s.kind === "Enable Banking private key")!.value);
    expect(new Set(secrets.map((s) => s.value)).size).toBe(secrets.length);
  });

  it("names every column holding a needle, whatever its type, and only those", async () => {
    await server.database.db.insert(companies).values({ name: `Leaky ${gocardless.refresh} Ltd`, country: "BE", currency: "EUR" });
    const needles = [gocardless.access, gocardless.refresh, "never-stored-anywhere"];
    const { status, body } = await post("control/scan-database", { needles });
    expect(status).toBe(200);
    const result = body as unknown as ScanResult;
    expect(result.tables).toBeGreaterThan(20);
    expect(result.hits).toEqual(
      expect.arrayContaining([
        // A text primary key of the provider side, and a column of ours; a jsonb column below.
        { table: "sandbox_objects", column: "id", needle: 0 },
        { table: "sandbox_objects", column: "id", needle: 1 },
        { table: "companies", column: "name", needle: 1 },
      ]),
    );
    expect(result.hits).toHaveLength(3);

    const plaid = (await post("control/scan-database", { needles: [plaidAccessToken] })).body as unknown as ScanResult;
    expect(plaid.hits).toContainEqual({ table: "sandbox_objects", column: "data", needle: 0 });
    expect((await post("control/scan-database", { needles: [] })).status).toBe(400);
  });
});
