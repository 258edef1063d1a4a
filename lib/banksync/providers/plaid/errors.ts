import { appClock } from "@/lib/clock";
import { isProviderError, ProviderError, type ProviderErrorKind } from "../errors";
import { requestIdOf, retryAfterMs, type FailedResponse } from "../http";
import { plaidErrorSchema } from "./schemas";

/** Plaid's errors (`{error_type, error_code, error_message, display_message, request_id}`) mapped to the taxonomy. */

export const MUTATION_DURING_PAGINATION = "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";

/** Item errors the user repairs by logging in again through Link's update mode. */
const needsLogin = new Set([
  "ITEM_LOGIN_REQUIRED",
  "INVALID_CREDENTIALS",
  "INVALID_MFA",
  "INVALID_UPDATED_USERNAME",
  "INSUFFICIENT_CREDENTIALS",
  "ITEM_LOCKED",
  "ITEM_NOT_SUPPORTED",
  "MFA_NOT_SUPPORTED",
  "NO_ACCOUNTS",
  "USER_SETUP_REQUIRED",
  "USER_INPUT_TIMEOUT",
  "ACCESS_NOT_GRANTED",
  "PASSWORD_RESET_REQUIRED",
]);

/** The Item is gone at Plaid (removed, or access withdrawn by the user): only a new connection helps. */
const itemGone = new Set(["ITEM_NOT_FOUND", "ITEM_CONSENT_REVOKED", "ACCESS_REVOKED"]);

/** The bank or Plaid is briefly unavailable, or the data is still being pulled. */
const temporary = new Set(["INSTITUTION_DOWN", "INSTITUTION_NOT_RESPONDING", "INSTITUTION_NOT_AVAILABLE", "PRODUCT_NOT_READY", "INTERNAL_SERVER_ERROR", "PLANNED_MAINTENANCE"]);

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

function kindOf(status: number, type: string | null, code: string | null): ProviderErrorKind {
  if (type === "RATE_LIMIT_EXCEEDED" || status === 429) return "rate_limited";
  if (status >= 500 || type === "API_ERROR" || (code !== null && temporary.has(code))) return "transient";
  if (code !== null && needsLogin.has(code)) return "needs_user_action";
  if (code !== null && itemGone.has(code)) return "consent_expired";
  // INVALID_API_KEYS, every other INVALID_*, and TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION, which
  // the sync loop handles itself by restarting: retrying the same page would not help.
  return "other";
}

/** A rate limit's reset is counted from the app's clock, which every refresh limit reads (in sandbox mode, the sandbox's). */
export function mapPlaidError(response: FailedResponse, now: Date = appClock.now()): ProviderError {
  const parsed = plaidErrorSchema.safeParse(response.body);
  const body = parsed.success ? parsed.data : null;
  const type = body?.error_type ?? null;
  const code = body?.error_code ?? null;
  const kind = kindOf(response.status, type, code);
  const providerMessage = body?.display_message ?? body?.error_message ?? null;
  const wait = retryAfterMs(response.headers, now.getTime());
  return new ProviderError({
    provider: "plaid",
    kind,
    message: `Plaid answered ${response.status}${code ? ` ${code}` : ""}${body?.error_message ? `: ${body.error_message}` : ""}`,
    providerCode: code ?? String(response.status),
    providerMessage,
    requestId: body?.request_id ?? requestIdOf(response.headers, response.body),
    httpStatus: response.status,
    resetAt: kind === "rate_limited" ? new Date(now.getTime() + (wait ?? DEFAULT_RATE_LIMIT_WAIT_MS)) : null,
  });
}

export function isMutationDuringPagination(error: unknown): error is ProviderError {
  return isProviderError(error) && error.providerCode === MUTATION_DURING_PAGINATION;
}

/** Plaid sent something the adapter cannot turn into the normalized vocabulary. */
export function invalidPlaidData(message: string, cause?: unknown): ProviderError {
  return new ProviderError({ provider: "plaid", kind: "invalid_response", message, providerCode: "invalid_response", cause });
}
