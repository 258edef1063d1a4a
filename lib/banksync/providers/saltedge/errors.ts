import { appClock } from "@/lib/clock";
import { ProviderError, type ProviderErrorKind } from "../errors";
import { requestIdOf, retryAfterMs, type FailedResponse } from "../http";
import { errorBody } from "./schemas";

/** Salt Edge's error classes (PROVIDERS.md) sorted into the taxonomy of ../errors.ts. */
const kindsByClass: Record<string, ProviderErrorKind> = {
  AispConsentExpired: "consent_expired",
  AispConsentRevoked: "consent_expired",
  ConsentExpired: "consent_expired",
  ConsentRevoked: "consent_expired",
  // The connection is gone at Salt Edge (deleted there): only a new connection helps.
  ConnectionNotFound: "consent_expired",
  InvalidCredentials: "needs_user_action",
  InteractiveAdapterTimeout: "needs_user_action",
  InteractiveTimeout: "needs_user_action",
  ConnectionDisabled: "needs_user_action",
  ConnectionDuplicated: "already_exists",
  DuplicatedCustomer: "already_exists",
  ConnectionCancelled: "cancelled",
  RateLimitExceeded: "rate_limited",
  ProviderUnavailable: "transient",
  ExecutionTimeout: "transient",
  InternalServerError: "transient",
};

const explanations: Record<ProviderErrorKind, string> = {
  needs_user_action: "The bank needs the user: fetch the transactions by hand or reconnect (a login or one-time code is required).",
  consent_expired: "The consent given through Salt Edge expired or was revoked: reconnect the bank.",
  rate_limited: "Salt Edge's rate limit was reached: new data can come later.",
  auto_fetch_unsupported:
    "This bank does not allow automatic refreshes through Salt Edge: disable automatic synchronization and fetch transactions by hand.",
  already_exists:
    "Salt Edge already has a connection to this bank with the same credentials: remove it in Salt Edge or reconnect the existing connection.",
  cancelled: "The connection was cancelled on Salt Edge's page.",
  transient: "Salt Edge is temporarily unavailable.",
  invalid_response: "Salt Edge answered something unexpected.",
  other: "Salt Edge refused the request.",
};

/** Which kind an error is, from its class, message and HTTP status. */
export function classifySaltedgeError(errorClass: string | null, message: string | null, status: number | null): ProviderErrorKind {
  // Salt Edge reports a refusal of background (automatic) refreshes with this class; the message says why.
  if (errorClass === "ConnectionCannotBeRefreshed" && /automatic|background/i.test(message ?? "")) return "auto_fetch_unsupported";
  const known = errorClass ? kindsByClass[errorClass] : undefined;
  if (known) return known;
  if (status === 429) return "rate_limited";
  if (status !== null && status >= 500) return "transient";
  return "other";
}

export function saltedgeError(init: {
  errorClass: string | null;
  message: string | null;
  status?: number | null;
  requestId?: string | null;
  resetAt?: Date | null;
}): ProviderError {
  const kind = classifySaltedgeError(init.errorClass, init.message, init.status ?? null);
  const detail = [init.errorClass, init.message].filter(Boolean).join(": ");
  return new ProviderError({
    provider: "saltedge",
    kind,
    message: detail ? `${explanations[kind]} (${detail})` : explanations[kind],
    providerCode: init.errorClass ?? (init.status ? String(init.status) : null),
    providerMessage: init.message,
    requestId: init.requestId ?? null,
    httpStatus: init.status ?? null,
    resetAt: init.resetAt ?? null,
  });
}

/** A non-2xx answer of the API. */
export function mapSaltedgeError(response: FailedResponse): ProviderError {
  const parsed = errorBody.safeParse(response.body);
  const wait = retryAfterMs(response.headers);
  return saltedgeError({
    errorClass: parsed.success ? parsed.data.error.class : null,
    message: parsed.success ? (parsed.data.error.message ?? null) : typeof response.body === "string" ? response.body.slice(0, 200) : null,
    status: response.status,
    requestId: requestIdOf(response.headers, response.body),
    // Counted from the app's clock, which every refresh limit reads (in sandbox mode, the sandbox's).
    resetAt: wait !== null ? new Date(appClock.now().getTime() + wait) : null,
  });
}

/**
 * An error Salt Edge reported on the redirect to our callback (`error_class`, `error_message`). At
 * that point only a cancellation and a duplicate connection mean something to the user; any other
 * failed attempt is reported as it is.
 */
export function callbackError(errorClass: string, message: string | null): ProviderError {
  const error = saltedgeError({ errorClass, message });
  if (error.kind === "cancelled" || error.kind === "already_exists") return error;
  return new ProviderError({
    provider: "saltedge",
    kind: "other",
    message: `The connection failed at Salt Edge (${[errorClass, message].filter(Boolean).join(": ")}).`,
    providerCode: errorClass,
    providerMessage: message,
  });
}
