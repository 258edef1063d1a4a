import type { z } from "zod";
import { ProviderError } from "./errors";
import type { CallLimit } from "./limit";
import type { ProviderId } from "./types";

/** What a failed response looked like, for the adapter's mapping to the taxonomy. */
export type FailedResponse = { status: number; body: unknown; headers: Headers };

export type ProviderRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  url: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
};

export type HttpOptions = {
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts for transient failures, the first included. */
  attempts?: number;
  /** A rate limit or Retry-After longer than this is not waited for: the error goes up with its reset time. */
  maxWaitMs?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Calls at once to this provider (shared by the adapter's calls); waits for a retry do not hold a slot. */
  limit?: CallLimit;
};

export type ProviderHttp = {
  provider: ProviderId;
  /** Maps a non-2xx response to the taxonomy (the adapter knows its provider's error shapes). */
  mapError: (response: FailedResponse) => ProviderError;
  options?: HttpOptions;
};

const defaults = { timeoutMs: 20_000, attempts: 4, maxWaitMs: 30_000, baseDelayMs: 500 };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get("retry-after");
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function requestIdOf(headers: Headers, body?: unknown): string | null {
  for (const name of ["x-request-id", "request-id", "x-correlation-id"]) {
    const value = headers.get(name);
    if (value) return value;
  }
  if (body && typeof body === "object" && "request_id" in body && typeof body.request_id === "string") return body.request_id;
  return null;
}

function buildUrl(request: ProviderRequest): string {
  const url = new URL(request.url);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One provider call: times out, retries transient failures (network, timeout, 5xx, short rate
 * limits) with exponential backoff honoring Retry-After and the reset the adapter reads, and
 * validates the body with `schema`. A body that does not parse is an "invalid_response" error.
 */
export async function providerRequest<S extends z.ZodType>(
  http: ProviderHttp,
  request: ProviderRequest,
  schema: S,
): Promise<{ data: z.infer<S>; headers: Headers; status: number }> {
  const options = { ...defaults, ...http.options };
  const sleep = options.sleep ?? realSleep;
  const url = buildUrl(request);
  let lastError: ProviderError | undefined;

  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    let response: Response;
    let body: unknown;
    try {
      ({ response, body } = await limited(options.limit, () => send(url, request, options.timeoutMs)));
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
      lastError = new ProviderError({
        provider: http.provider,
        kind: "transient",
        message: timedOut ? `${request.method} ${new URL(url).pathname} timed out` : `${request.method} ${new URL(url).pathname} failed: network error`,
        providerCode: timedOut ? "timeout" : "network",
        cause,
      });
      if (attempt < options.attempts) await sleep(backoff(attempt, options.baseDelayMs));
      continue;
    }

    if (response.ok) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return { data: parsed.data, headers: response.headers, status: response.status };
      const where = parsed.error.issues[0];
      throw new ProviderError({
        provider: http.provider,
        kind: "invalid_response",
        message: `Unexpected response from ${request.method} ${new URL(url).pathname}: ${where ? `${where.path.join(".") || "body"}: ${where.message}` : "does not parse"}`,
        providerCode: "invalid_response",
        requestId: requestIdOf(response.headers, body),
        httpStatus: response.status,
        cause: parsed.error,
      });
    }

    const error = http.mapError({ status: response.status, body, headers: response.headers });
    const retryable = error.kind === "transient" || error.kind === "rate_limited";
    if (!retryable || attempt === options.attempts) throw error;
    const wait =
      error.kind === "rate_limited"
        ? (error.resetAt ? error.resetAt.getTime() - Date.now() : retryAfterMs(response.headers)) ?? backoff(attempt, options.baseDelayMs)
        : (retryAfterMs(response.headers) ?? backoff(attempt, options.baseDelayMs));
    if (wait > options.maxWaitMs) throw error;
    lastError = error;
    await sleep(Math.max(0, wait));
  }
  throw lastError!;
}

/** One HTTP exchange, its body read within the same timeout. */
async function send(url: string, request: ProviderRequest, timeoutMs: number): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(url, {
    method: request.method,
    headers: {
      accept: "application/json",
      ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
      ...request.headers,
    },
    body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "manual",
  });
  return { response, body: await readBody(response) };
}

function limited<T>(limit: CallLimit | undefined, call: () => Promise<T>): Promise<T> {
  return limit ? limit.run(call) : call();
}

/** 500 ms, 1 s, 2 s… with ±20 % jitter so many workers do not retry in step. */
function backoff(attempt: number, base: number): number {
  const delay = base * 2 ** (attempt - 1);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}
