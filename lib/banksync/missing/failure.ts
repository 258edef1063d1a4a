import { message, type Message } from "@/i18n/message";
import { isProviderError } from "../providers/errors";
import { providerNames, type ProviderId } from "../providers/types";
import { inEnglish } from "./say";

/**
 * Asking the bank for missing transactions failed: what to tell the user (a Message, said in the
 * reader's language), with the reference support searches for. `description` is its English, for logs.
 */
export class MissingFetchError extends Error {
  readonly description: string;
  constructor(
    readonly userMessage: Message,
    readonly reference: string,
  ) {
    const description = inEnglish(userMessage);
    super(`${description} Reference: ${reference}.`);
    this.name = "MissingFetchError";
    this.description = description;
  }
}

/**
 * The user's reading of a provider's refusal. Unlike a synchronization's (lib/banksync/sync/outcomes),
 * nothing runs again by itself: the user is here and can act or retry. The provider's own message is
 * passed on as it was sent (never translated), labelled with the provider's name.
 */
export function missingFetchDescription(error: unknown, provider: ProviderId): Message {
  const name = providerNames[provider] ?? provider;
  if (!isProviderError(error)) return message("FindMissing.failures.unexpected", { provider: name });
  switch (error.kind) {
    case "needs_user_action":
    case "consent_expired":
      return message("FindMissing.failures.signInAgain");
    case "rate_limited":
      return error.resetAt
        ? message("FindMissing.failures.rateLimitedUntil", { resetAt: error.resetAt.toISOString() })
        : message("FindMissing.failures.rateLimited");
    case "transient":
      return message("FindMissing.failures.transient", { provider: name });
    default:
      return message("FindMissing.failures.providerError", { provider: name, message: error.providerMessage ?? error.message });
  }
}
