import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "./errors";
import { providerRequest, type ProviderHttp } from "./http";
import { CallLimit } from "./limit";
import { providerConcurrency } from "./registry";

// A provider on loopback that holds each call 30 ms and remembers how many it held at once.
let inFlight = 0;
let maxInFlight = 0;
let failNext = 0;
let base = "";
const server = createServer((req, res) => {
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  setTimeout(() => {
    inFlight -= 1;
    const failing = failNext > 0;
    if (failing) failNext -= 1;
    res.writeHead(failing ? 503 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  }, 30);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("CallLimit", () => {
  it("runs at most its size at once and lets the waiting ones through in order", async () => {
    const limit = new CallLimit(2);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const calls = [0, 1, 2, 3].map((n) =>
      limit.run(async () => {
        started.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        return n;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    expect(limit.load).toEqual({ running: 2, waiting: 2 });
    releases[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    releases[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    releases[2]!();
    releases[3]!();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3]);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a call that throws", async () => {
    const limit = new CallLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(async () => "next")).toBe("next");
  });

  it("refuses a size below one", () => {
    expect(() => new CallLimit(0)).toThrow(RangeError);
  });
});

describe("provider calls under a limit", () => {
  const http = (limit: CallLimit, sleep: (ms: number) => Promise<void>): ProviderHttp => ({
    provider: "plaid",
    mapError: ({ status }) => new ProviderError({ provider: "plaid", kind: status >= 500 ? "transient" : "other", message: `HTTP ${status}` }),
    options: { limit, sleep, baseDelayMs: 1 },
  });

  it("never has more calls in flight than the limit, over real HTTP", async () => {
    maxInFlight = 0;
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => providerRequest(http(new CallLimit(3), async () => {}), { method: "GET", url: `${base}/a/${i}` }, z.object({ path: z.string() }))),
    );
    // A limit per call limits nothing: the server takes more than three at once…
    expect(answers.map((a) => a.data.path)).toEqual(Array.from({ length: 9 }, (_, i) => `/a/${i}`));
    expect(maxInFlight).toBeGreaterThan(3);
    maxInFlight = 0;
    const shared = new CallLimit(3);
    await Promise.all(Array.from({ length: 9 }, (_, i) => providerRequest(http(shared, async () => {}), { method: "GET", url: `${base}/b/${i}` }, z.object({ path: z.string() }))));
    // …but one shared limit of three: never more than three.
    expect(maxInFlight).toBe(3);
  });

  it("does not hold a slot while it waits to retry", async () => {
    const limit = new CallLimit(1);
    failNext = 1;
    let loadWhileWaiting: CallLimit["load"] | undefined;
    const answer = await providerRequest(
      http(limit, async () => {
        loadWhileWaiting = limit.load;
      }),
      { method: "GET", url: `${base}/retry` },
      z.object({ path: z.string() }),
    );
    expect(answer.data.path).toBe("/retry");
    expect(loadWhileWaiting).toEqual({ running: 0, waiting: 0 });
  });
});

describe("PROVIDER_CONCURRENCY", () => {
  it("defaults to four calls at once per provider", () => {
    expect(providerConcurrency(undefined)).toEqual({ gocardless: 4, plaid: 4, saltedge: 4, enablebanking: 4 });
  });

  it("takes a number for all and provider=n pairs for some, in any order", () => {
    expect(providerConcurrency("plaid=10,6")).toEqual({ gocardless: 6, plaid: 10, saltedge: 6, enablebanking: 6 });
  });

  it("refuses zero", () => {
    expect(() => providerConcurrency("gocardless=0")).toThrow(/PROVIDER_CONCURRENCY/);
  });
});
