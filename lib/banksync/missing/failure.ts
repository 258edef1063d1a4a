import { isProviderError } from "../providers/errors";
import { providerNames, type ProviderId } from "../providers/types";

/** Asking the bank for missing transactions failed: what to tell the user, with the reference support searches for. */
export class MissingFetchError extends Error {
  constructor(
    readonly description: string,
    readonly reference: string,
  ) {
    super(`${description} Reference: ${reference}.`);
    this.name = "MissingFetchError";
  }
}

/**
 * The user's reading of a provider's refusal. Unlike a synchronization's (lib/banksync/sync/outcomes),
 * nothing runs again by itself: the user is here and can act or retry.
 */
export function missingFetchDescription(error: unknown, provider: ProviderId): string {
  const name = providerNames[provider] ?? provider;
  if (!isProviderError(error)) return `Asking ${name} for transactions failed unexpectedly.`;
  switch (error.kind) {
    case "needs_user_action":
    case "consent_expired":
      return "The bank asks you to sign in again: click “Reconnect Bank”, then try again.";
    case "rate_limited":
      return error.resetAt
        ? `The bank allows a limited number of refreshes a day: try again after ${error.resetAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`
        : "The bank allows a limited number of refreshes a day: try again later.";
    case "transient":
      return `${name} did not answer in time. Try again in a moment.`;
    default:
      return `${name} reported an error: ${error.providerMessage ?? error.message}`;
  }
}
