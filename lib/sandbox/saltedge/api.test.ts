import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";

/** The emulator's HTTP contract as Salt Edge clients see it, without the adapter in between. */

let server: SandboxServer;
let api: string;
const auth = { "App-id": sandboxCredentials.saltedge.appId, Secret: sandboxCredentials.saltedge.secret };

beforeAll(async () => {
  server = await startSandboxServer();
  api = `${server.sandboxUrl}/saltedge/api/v6`;
});

afterAll(async () => {
  await server?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${api}/${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("Salt Edge sandbox API", () => {
  it("answers 401 in Salt Edge's shape without the right App-id and Secret", async () => {
    const noApp = await call("GET", "providers?country_code=BE", undefined, {});
    expect(noApp.status).toBe(401);
    expect(noApp.body).toMatchObject({ error: { class: "ClientNotFound" } });
    const wrongSecret = await call("GET", "providers?country_code=BE", undefined, { ...auth, Secret: "x" });
    expect(wrongSecret.body).toMatchObject({ error: { class: "WrongClientSecret", documentation_url: expect.any(String) } });
  });

  it("lists providers 100 a page with next_id", async () => {
    const first = await call("GET", "providers?country_code=BE");
    expect(first.status).toBe(200);
    const data = first.body.data as { code: string; automatic_fetch: boolean; interactive: boolean }[];
    expect(data).toHaveLength(100);
    expect(data.find((p) => p.code === "sandbox_manual_bank_be")).toMatchObject({ automatic_fetch: false, interactive: false });
    expect(data.find((p) => p.code === "sandbox_mfa_bank_be")).toMatchObject({ automatic_fetch: true, interactive: true });
    const nextId = (first.body.meta as { next_id: string }).next_id;
    const second = await call("GET", `providers?country_code=BE&from_id=${nextId}`);
    expect((second.body.data as { id: string }[])[0]!.id).toBe(nextId);
  });

  it("refuses a repeated customer identifier with 409 DuplicatedCustomer and finds it by identifier", async () => {
    const created = await call("POST", "customers", { data: { identifier: "acme" } });
    expect(created.body.data).toMatchObject({ identifier: "acme", customer_id: expect.stringMatching(/^\d+$/) });
    const again = await call("POST", "customers", { data: { identifier: "acme" } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { class: "DuplicatedCustomer" } });
    const found = await call("GET", "customers?identifier=acme");
    expect(found.body.data).toEqual([expect.objectContaining({ customer_id: (created.body.data as { customer_id: string }).customer_id })]);
  });

  it("validates request bodies and routes", async () => {
    const bad = await call("POST", "connections/connect", { data: { customer_id: "1" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { class: "WrongRequestFormat" } });
    const missing = await call("GET", "connections/123");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { class: "ConnectionNotFound" } });
    expect((await call("GET", "nothing-here")).body).toMatchObject({ error: { class: "RouteNotFound" } });
  });

  it("answers its own 500 and 429 for armed faults", async () => {
    await server.control("faults", { provider: "saltedge", mode: "rate_limit", count: 1 });
    const limited = await call("GET", "providers?country_code=BE");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.body).toMatchObject({ error: { class: "RateLimitExceeded" } });
    await server.control("faults", { provider: "saltedge", mode: "http500", count: 1 });
    const down = await call("GET", "providers?country_code=BE");
    expect(down.status).toBe(500);
    expect(down.body).toMatchObject({ error: { class: "ProviderUnavailable" } });
  });
});
