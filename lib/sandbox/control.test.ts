import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { completeHostedConsent } from "@/test/hosted-consent";
import { armedFault, getState, sandboxToday } from "./store";

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(() => server?.close());

async function post(call: string, body: unknown) {
  const response = await fetch(`${server.sandboxUrl}/control/${call}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the control API", () => {
  it("moves the shared clock and resets it", async () => {
    const before = await sandboxToday(server.database.db);
    expect((await post("clock", { advanceHours: 48 })).status).toBe(200);
    const after = await sandboxToday(server.database.db);
    expect(Date.parse(after) - Date.parse(before)).toBe(2 * 86_400_000);
    expect((await post("reset", {})).body).toMatchObject({ ok: true, clockOffsetMs: 0 });
    expect((await getState(server.database.db)).clockOffsetMs).toBe(0);
  });

  it("adds a transaction and answers its provider id", async () => {
    const { status, body } = await post("transactions", {
      institution: "Sandbox Bank",
      account: "Checking",
      date: await sandboxToday(server.database.db),
      amount: "-42.10",
      description: "Added by a test",
      status: "pending",
    });
    expect(status).toBe(200);
    expect(body.id).toMatch(/-\d{8}-X1$/);
    expect(Object.keys(body.ids as object)).toEqual(["gocardless", "saltedge", "enablebanking"]);
    const posted = await post("post", { institution: "Sandbox Bank", account: "Checking", id: body.id, amount: "-42.00" });
    expect(posted.body).toMatchObject({ ok: true, amount: "-42.00" });
  });

  it("refuses bad input with a message, and unknown names with 404", async () => {
    expect((await post("transactions", { institution: "Sandbox Bank", account: "Checking", date: "2026-02-30", amount: "1,2", description: "x", status: "posted" })).status).toBe(400);
    expect((await post("transactions", { institution: "Nope Bank", account: "Checking", date: "2026-01-02", amount: "1", description: "x", status: "posted" })).status).toBe(404);
    expect((await post("faults", { provider: "gocardless", mode: "mutation_during_pagination", count: 1 })).status).toBe(400);
    expect((await post("clock", "not json")).status).toBe(400);
    expect((await post("nothing", {})).status).toBe(404);
  });

  it("arms faults that hit the provider's next calls, then stop", async () => {
    await post("faults", { provider: "gocardless", mode: "http500", count: 2 });
    const call = () => fetch(`${server.sandboxUrl}/gocardless/api/v2/token/new/`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await call()).status).toBe(500);
    expect((await call()).status).toBe(500);
    expect((await call()).status).not.toBe(500);
  });

  it("lets `after` calls through first, then fails the next `count`, and re-arming without it hits at once", async () => {
    const call = () => fetch(`${server.sandboxUrl}/saltedge/api/v6/customers`, { headers: { "App-id": "x", Secret: "y" } });
    expect((await post("faults", { provider: "saltedge", mode: "http500", count: 2, after: 2 })).status).toBe(200);
    expect(await armedFault(server.database.db, "saltedge")).toEqual({ mode: "http500", after: 2, remaining: 2 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call()).status);
    expect(statuses.map((s) => s === 500)).toEqual([false, false, true, true, false]);
    expect(await armedFault(server.database.db, "saltedge")).toEqual({ mode: "http500", after: 0, remaining: 0 });

    await post("faults", { provider: "saltedge", mode: "http500", count: 1, after: 3 });
    await call();
    await post("faults", { provider: "saltedge", mode: "http500", count: 1 });
    expect((await call()).status).toBe(500);
    expect((await post("faults", { provider: "saltedge", mode: "http500", count: 1, after: -1 })).status).toBe(400);
  });
});

describe("the hosted consent pages", () => {
  it("refuses wrong credentials with a visible error, and a missing consent tick", async () => {
    const { startHostedFlow } = await import("./hosted");
    const { flow, url } = await startHostedFlow(
      { db: server.database.db, origin: server.origin, basePath: "/sandbox", fault: null },
      "gocardless",
      { institutionKey: "sandbox-bank", data: {} },
    );
    expect(flow.step).toBe("login");
    await expect(completeHostedConsent(url, { password: "wrong" })).rejects.toThrow("Invalid username or password.");
    await expect(completeHostedConsent(url, { consent: false })).rejects.toThrow("I consent to share my account information");
    const page = await (await fetch(url)).text();
    expect(page).toContain("Checking");
    expect(page).toContain('type="checkbox" checked');
  });
});
