import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "./errors";
import { providerRequest, retryAfterMs, type FailedResponse, type ProviderHttp } from "./http";

// A real HTTP server on loopback whose answers each test scripts.
type Answer = { status: number; body?: unknown; raw?: string; headers?: Record<string, string>; delayMs?: number };
let script: Answer[] = [];
let seen: { method: string; url: string; body: string; headers: IncomingMessage["headers"] }[] = [];
let base = "";
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method!, url: req.url!, body, headers: req.headers });
    const answer = script.shift() ?? { status: 500, body: { error: "no scripted answer" } };
    setTimeout(() => {
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
    }, answer.delayMs ?? 0);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

const sleeps: number[] = [];
function mapError({ status, body, headers }: FailedResponse): ProviderError {
  const kind = status === 429 ? "rate_limited" : status >= 500 ? "transient" : "other";
  const reset = headers.get("x-reset-seconds");
  return new ProviderError({
    provider: "gocardless",
    kind,
    message: `status ${status}`,
    providerCode: String((body as { code?: string } | null)?.code ?? status),
    httpStatus: status,
    resetAt: reset ? new Date(Date.now() + Number(reset) * 1000) : null,
  });
}
const http: ProviderHttp = {
  provider: "gocardless",
  mapError,
  options: { timeoutMs: 300, attempts: 3, maxWaitMs: 5_000, sleep: async (ms) => void sleeps.push(ms) },
};
const okSchema = z.object({ ok: z.literal(true), n: z.number() });

describe("providerRequest", () => {
  it("sends JSON and query, and validates the answer", async () => {
    script = [{ status: 200, body: { ok: true, n: 3 } }];
    const result = await providerRequest(http, { method: "POST", url: `${base}/x/`, query: { a: "1", skip: undefined }, body: { hello: "é" } }, okSchema);
    expect(result.data).toEqual({ ok: true, n: 3 });
    expect(seen[0]).toMatchObject({ method: "POST", url: "/x/?a=1", body: '{"hello":"é"}' });
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
  });

  it("a body that does not parse is invalid_response, never a crash or a default", async () => {
    script = [{ status: 200, body: { ok: true, n: "three" } }];
    const error = await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_response", httpStatus: 200 });
    expect(error.message).toMatch(/n:/);
    script = [{ status: 200, raw: '{"ok": tr' }];
    expect(await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema).catch((e) => e)).toMatchObject({ kind: "invalid_response" });
  });

  it("retries transient failures with backoff, honoring Retry-After", async () => {
    sleeps.length = 0;
    script = [{ status: 503, headers: { "retry-after": "2" } }, { status: 502 }, { status: 200, body: { ok: true, n: 1 } }];
    const result = await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema);
    expect(result.data.n).toBe(1);
    expect(seen).toHaveLength(3);
    expect(sleeps[0]).toBe(2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(800);
    expect(sleeps[1]).toBeLessThanOrEqual(1200);
  });

  it("gives up after the attempts with the last transient error", async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 500 }];
    expect(await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema).catch((e) => e)).toMatchObject({ kind: "transient", httpStatus: 500 });
    expect(seen).toHaveLength(3);
  });

  it("waits for a short rate limit, but hands a long one up with its reset time", async () => {
    sleeps.length = 0;
    script = [{ status: 429, headers: { "x-reset-seconds": "1" } }, { status: 200, body: { ok: true, n: 2 } }];
    expect((await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema)).data.n).toBe(2);
    expect(sleeps[0]).toBeGreaterThan(0);
    seen = [];
    script = [{ status: 429, headers: { "x-reset-seconds": "3600" } }];
    const error = await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema).catch((e) => e);
    expect(error).toMatchObject({ kind: "rate_limited" });
    expect(error.resetAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(seen).toHaveLength(1);
  });

  it("times out a slow answer and retries it", async () => {
    script = [{ status: 200, body: { ok: true, n: 1 }, delayMs: 1000 }, { status: 200, body: { ok: true, n: 9 } }];
    expect((await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema)).data.n).toBe(9);
  });

  it("turns a refused connection into a transient error", async () => {
    const error = await providerRequest(http, { method: "GET", url: "http://127.0.0.1:9/x" }, okSchema).catch((e) => e);
    expect(error).toMatchObject({ kind: "transient", providerCode: "network" });
  });

  it("does not retry other errors", async () => {
    script = [{ status: 400, body: { code: "BAD" } }];
    expect(await providerRequest(http, { method: "GET", url: `${base}/x` }, okSchema).catch((e) => e)).toMatchObject({ kind: "other", providerCode: "BAD" });
    expect(seen).toHaveLength(1);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "30" }))).toBe(30_000);
    const now = Date.parse("2026-11-26T10:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Thu, 26 Nov 2026 10:01:00 GMT" }), now)).toBe(60_000);
    expect(retryAfterMs(new Headers())).toBeNull();
  });
});
