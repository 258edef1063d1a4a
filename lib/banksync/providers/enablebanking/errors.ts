import { ProviderError, type ProviderErrorKind } from "../errors";
import { requestIdOf, retryAfterMs, type FailedResponse } from "../http";
import { errorBody } from "./schemas";

/** Codes that mean the session (the consent) is gone: the user must reconnect. */
const consentGone = new Set(["EXPIRED_SESSION", "REVOKED_SESSION", "CLOSED_SESSION"]);

function kindOf(code: string | null, status: number): ProviderErrorKind {
  if (code && consentGone.has(code)) return "consent_expired";
  if (code === "ASPSP_RATE_LIMIT_EXCEEDED" || status === 429) return "rate_limited";
  if (code === "ASPSP_ERROR" || status >= 500) return "transient";
  return "other";
}

function resetInstant(detail: unknown): Date | null {
  if (detail && typeof detail === "object" && "reset_at" in detail && typeof detail.reset_at === "string") {
    const at = Date.parse(detail.reset_at);
    if (!Number.isNaN(at)) return new Date(at);
  }
  return null;
}

function describe(detail: unknown): string | null {
  if (detail === undefined || detail === null) return null;
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}

/**
 * Enable Banking's `{code, message, detail}` to the taxonomy. A rate limit's reset is the instant
 * the body states (the provider's clock, which is the app clock in sandbox mode), else Retry-After
 * counted from `now`.
 */
export function mapEnablebankingError(response: FailedResponse, now: () => Date = () => new Date()): ProviderError {
  const parsed = errorBody.safeParse(response.body);
  const body = parsed.success ? parsed.data : null;
  const code = typeof body?.code === "string" ? body.code : (body?.error ?? null);
  const kind = kindOf(code, response.status);
  const detail = describe(body?.detail);
  const providerMessage = body?.message ? (detail ? `${body.message}: ${detail}` : body.message) : (detail ?? (typeof response.body === "string" ? response.body.slice(0, 500) : null));
  let resetAt: Date | null = null;
  if (kind === "rate_limited") {
    const retryAfter = retryAfterMs(response.headers, now().getTime());
    resetAt = resetInstant(body?.detail) ?? (retryAfter !== null ? new Date(now().getTime() + retryAfter) : null);
  }
  return new ProviderError({
    provider: "enablebanking",
    kind,
    message: `Enable Banking answered ${response.status}${code ? ` ${code}` : ""}${providerMessage ? `: ${providerMessage}` : ""}`,
    providerCode: code ?? String(response.status),
    providerMessage,
    requestId: requestIdOf(response.headers, response.body),
    httpStatus: response.status,
    resetAt,
  });
}
