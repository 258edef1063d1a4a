import { appClock } from "@/lib/clock";
import { ProviderError, type ProviderErrorKind } from "../errors";
import { requestIdOf, retryAfterMs, type FailedResponse } from "../http";
import { errorBodySchema } from "./schemas";

type ErrorFields = { summary: string | null; detail: string | null; type: string | null };

/** The error's fields, wherever GoCardless put them (top level, or under a field name for validation errors). */
export function errorFields(body: unknown): ErrorFields {
  const read = (value: unknown): ErrorFields | null => {
    const parsed = errorBodySchema.safeParse(value);
    if (!parsed.success || (!parsed.data.summary && !parsed.data.detail)) return null;
    const detail = Array.isArray(parsed.data.detail) ? parsed.data.detail.join(" ") : (parsed.data.detail ?? null);
    return { summary: parsed.data.summary ?? null, detail, type: parsed.data.type ?? null };
  };
  const top = read(body);
  if (top) return top;
  if (body && typeof body === "object") {
    for (const [field, value] of Object.entries(body)) {
      const nested = read(value);
      if (nested) return { ...nested, summary: nested.summary ? `${field}: ${nested.summary}` : field };
    }
  }
  return { summary: null, detail: typeof body === "string" && body.length > 0 ? body.slice(0, 500) : null, type: null };
}

/** When a rate limit lifts: the reset header (seconds), "try again in N seconds", or Retry-After. */
export function rateLimitResetAt(headers: Headers, detail: string | null, now = Date.now()): Date | null {
  for (const name of ["http_x_ratelimit_account_success_reset", "http_x_ratelimit_reset"]) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+$/.test(value)) return new Date(now + Number(value) * 1000);
  }
  const seconds = detail ? /try again in (\d+) seconds?/i.exec(detail) : null;
  if (seconds) return new Date(now + Number(seconds[1]) * 1000);
  const retryAfter = retryAfterMs(headers, now);
  return retryAfter === null ? null : new Date(now + retryAfter);
}

function kindOf(status: number, fields: ErrorFields): ProviderErrorKind {
  const text = `${fields.summary ?? ""} ${fields.detail ?? ""}`;
  if (fields.type === "AccessExpiredError" || /has expired|has been revoked/i.test(fields.summary ?? "")) return "consent_expired";
  if (fields.type === "AccountInactiveError") return "needs_user_action";
  if (status === 409 && (fields.type === "AccountProcessing" || /processing/i.test(text))) return "transient";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  return "other";
}

/**
 * GoCardless's `{summary, detail, status_code, type?}` mapped to the taxonomy, decided on the HTTP status and type.
 * A rate limit's reset is counted from the app's clock, which every refresh limit reads (in sandbox mode it
 * follows the sandbox's; the run's "not before" and the next refresh are compared with it).
 */
export function mapGocardlessError(response: FailedResponse, now = appClock.now().getTime()): ProviderError {
  const fields = errorFields(response.body);
  const kind = kindOf(response.status, fields);
  const summary = fields.summary ?? fields.detail;
  return new ProviderError({
    provider: "gocardless",
    kind,
    message: `GoCardless answered ${response.status}: ${[fields.summary, fields.detail].filter(Boolean).join(" — ") || "no details"}`,
    providerCode: summary ?? String(response.status),
    providerMessage: summary && fields.detail && fields.detail !== summary ? `${summary}: ${fields.detail}` : summary,
    requestId: requestIdOf(response.headers, response.body),
    httpStatus: response.status,
    resetAt: kind === "rate_limited" ? rateLimitResetAt(response.headers, fields.detail, now) : null,
  });
}

/** A 401 that is about our access token, not about the end user's consent: a new token may fix it. */
export function isTokenRejected(error: ProviderError): boolean {
  return error.httpStatus === 401 && error.kind === "other";
}
