import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(() => server?.close());

type Stats = { providers: Record<string, { latencyMs: number; calls: number; maxInFlight: number }> };

/** One Plaid API call (an unauthenticated one: any answer counts as a call). */
const plaidCall = () => fetch(`${server.sandboxUrl}/plaid/accounts/get`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.text());

describe("the sandbox's load knobs", () => {
  it("delays every API call of one provider and counts the calls and the most in flight at once", async () => {
    await server.control("stats", { reset: true });
    await server.control("latency", { provider: "plaid", ms: 80 });
    const start = performance.now();
    await Promise.all(Array.from({ length: 5 }, plaidCall));
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
    await fetch(`${server.sandboxUrl}/gocardless/api/v2/institutions/?country=BE`).then((r) => r.text());

    const { providers } = (await server.control("stats")) as Stats;
    expect(providers.plaid).toEqual({ latencyMs: 80, calls: 5, maxInFlight: 5 });
    expect(providers.gocardless).toEqual({ latencyMs: 0, calls: 1, maxInFlight: 1 });
    // Control calls and hosted pages are not provider API calls.
    expect(providers.saltedge!.calls).toBe(0);
  });

  it("zeroes the counts when asked, and the world's reset takes the latency away", async () => {
    await server.control("stats", { reset: true });
    expect(((await server.control("stats")) as Stats).providers.plaid).toMatchObject({ calls: 0, maxInFlight: 0 });
    await server.control("latency", { ms: 20 });
    expect(((await server.control("stats")) as Stats).providers.enablebanking!.latencyMs).toBe(20);
    await server.control("reset");
    expect(((await server.control("stats")) as Stats).providers.enablebanking!.latencyMs).toBe(0);
  });

  it("refuses a latency that is not a whole number of milliseconds up to a minute", async () => {
    await expect(server.control("latency", { ms: -1 })).rejects.toThrow(/400/);
    await expect(server.control("latency", { ms: 60_001, provider: "plaid" })).rejects.toThrow(/400/);
    await expect(server.control("latency", { ms: 5, provider: "bank" })).rejects.toThrow(/400/);
  });
});
