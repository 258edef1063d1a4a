import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { institutionId } from "./gocardless/institutions";
import { loadRenames } from "./rename";
import { institutionByName, renamedInWorld } from "./world";

// A bank only GoCardless serves, which no other test names.
const BANK = "Royal Brno Landbank 7";
const markup = `<img src=x onerror=alert(1)>"><svg onload=alert(1)>`;

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  renamedInWorld().clear();
  await server?.close();
});

async function rename(body: unknown) {
  const response = await fetch(`${server.sandboxUrl}/control/rename`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The bank as GoCardless's API shows it (a new token each time: `reset` forgets them). */
async function listed(): Promise<{ name: string; logo: string }> {
  const answer = await fetch(`${server.sandboxUrl}/gocardless/api/v2/token/new/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ secret_id: sandboxCredentials.gocardless.secretId, secret_key: sandboxCredentials.gocardless.secretKey }),
  });
  const token = ((await answer.json()) as { access: string }).access;
  const id = institutionId(institutionByName(BANK)!);
  const response = await fetch(`${server.sandboxUrl}/gocardless/api/v2/institutions/${id}/`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as { name: string; logo: string };
}

describe("the control API's rename", () => {
  it("shows another name and logo in the provider's API until given back, and the control API still finds the world's names", async () => {
    const worldLogo = (await listed()).logo;
    const renamed = await rename({ institution: BANK, name: `Brno ${markup}`, logo: "javascript:alert(1)", account: "Current Account", accountName: markup });
    expect(renamed).toMatchObject({ status: 200, body: { ok: true, institution: { name: `Brno ${markup}`, logo: "javascript:alert(1)" }, account: { name: markup }, catalog: null } });
    expect(await listed()).toMatchObject({ name: `Brno ${markup}`, logo: "javascript:alert(1)" });

    // Transactions are still added by the world's names.
    const added = await fetch(`${server.sandboxUrl}/control/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ institution: BANK, account: "Current Account", date: "2026-01-02", amount: "-1.00", description: markup, status: "posted" }),
    });
    expect(added.status).toBe(200);

    // Only the logo given back: the name stays.
    expect((await rename({ institution: BANK, logo: null })).status).toBe(200);
    expect(await listed()).toEqual(expect.objectContaining({ name: `Brno ${markup}`, logo: worldLogo }));
    expect((await rename({ institution: BANK, name: null, account: "Current Account", accountName: null })).body).toMatchObject({
      institution: { name: BANK },
      account: { name: "Current Account" },
    });
    expect((await listed()).name).toBe(BANK);
  });

  it("is kept in the database for a restart, and ended by reset", async () => {
    await rename({ institution: BANK, name: "Renamed Bank" });
    renamedInWorld().clear();
    expect((await listed()).name).toBe(BANK);
    await loadRenames(server.database.db);
    expect((await listed()).name).toBe("Renamed Bank");

    expect((await fetch(`${server.sandboxUrl}/control/reset`, { method: "POST" })).status).toBe(200);
    expect((await listed()).name).toBe(BANK);
    await loadRenames(server.database.db);
    expect((await listed()).name).toBe(BANK);
  });

  it("refuses unknown names, and banks whose providers name them by their name", async () => {
    expect((await rename({ institution: "Nope Bank", name: "x" })).status).toBe(404);
    expect((await rename({ institution: BANK, account: "Nope", accountName: "x" })).status).toBe(404);
    expect((await rename({ institution: BANK, accountName: "x" })).status).toBe(400);
    const saltEdge = await rename({ institution: "Sandbox Bank", name: "x" });
    expect(saltEdge.status).toBe(400);
    expect(saltEdge.body.error).toMatch(/GoCardless or Plaid/);
  });
});
