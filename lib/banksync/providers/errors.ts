import { message, type Message, type MessageKey } from "@/i18n/message";
import type { ProviderId } from "./types";

/**
 * The one error taxonomy every adapter maps its provider's errors to (DESIGN.md §4):
 * - needs_user_action: login, MFA or re-consent needed → the connection is "action required";
 * - consent_expired: the consent ran out or was revoked → reconnect;
 * - rate_limited: retry after `resetAt`, not an error for the user;
 * - auto_fetch_unsupported: the institution refuses background fetches → disable automatic sync;
 * - already_exists: the provider already has a connection with these credentials;
 * - cancelled: the user cancelled on the provider's pages;
 * - transient: 5xx, timeout, network → retried with backoff, then an error;
 * - invalid_response: a body that does not parse;
 * - other: anything else.
 */
export const providerErrorKinds = [
  "needs_user_action",
  "consent_expired",
  "rate_limited",
  "auto_fetch_unsupported",
  "already_exists",
  "cancelled",
  "transient",
  "invalid_response",
  "other",
] as const;
export type ProviderErrorKind = (typeof providerErrorKinds)[number];

/**
 * Marks provider errors across copies of this module: Next bundles server code into several module
 * graphs, and the process's adapters (kept on globalThis) may throw another graph's ProviderError.
 */
const brand = Symbol.for("banksync.ProviderError");

export class ProviderError extends Error {
  readonly [brand] = true;
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  /** The provider's own code (error_code, class, summary…), or an HTTP status. */
  readonly providerCode: string | null;
  /** The provider's message as it sent it (never a secret). */
  readonly providerMessage: string | null;
  readonly requestId: string | null;
  readonly httpStatus: number | null;
  /** rate_limited: when a new attempt may succeed. */
  readonly resetAt: Date | null;

  constructor(init: {
    provider: ProviderId;
    kind: ProviderErrorKind;
    message: string;
    providerCode?: string | null;
    providerMessage?: string | null;
    requestId?: string | null;
    httpStatus?: number | null;
    resetAt?: Date | null;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.providerCode = init.providerCode ?? null;
    this.providerMessage = init.providerMessage ?? null;
    this.requestId = init.requestId ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.resetAt = init.resetAt ?? null;
  }
}

export function isProviderError(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
  const branded = typeof error === "object" && error !== null && (error as { [brand]?: unknown })[brand] === true;
  return branded && (kind === undefined || (error as ProviderError).kind === kind);
}

const explanations: Record<ProviderErrorKind, MessageKey> = {
  needs_user_action: "ProviderErrors.needsUserAction",
  consent_expired: "ProviderErrors.consentExpired",
  rate_limited: "ProviderErrors.rateLimited",
  auto_fetch_unsupported: "ProviderErrors.autoFetchUnsupported",
  already_exists: "ProviderErrors.alreadyExists",
  cancelled: "ProviderErrors.cancelled",
  transient: "ProviderErrors.transient",
  invalid_response: "ProviderErrors.invalidResponse",
  other: "ProviderErrors.other",
};

/**
 * What the user is told about a provider error: our explanation of its kind as a Message (said in the
 * reader's language), and the provider's own message as it sent it, to show labelled and untranslated
 * ("ProviderErrors.providerMessage": "Message from {provider}: …").
 */
export function explainProviderError(error: ProviderError): { message: Message; providerMessage: string | null } {
  const key = explanations[error.kind];
  return {
    // A timeout has no provider message: what went wrong (ours, technical) goes in the sentence.
    message: error.kind === "transient" ? message(key, { detail: error.message }) : message(key),
    providerMessage: error.kind === "transient" ? null : error.providerMessage,
  };
}
