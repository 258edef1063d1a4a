import { z } from "zod";
import { message, type Message, type MessageKey } from "@/i18n/message";
import { isProviderError } from "../providers/errors";
import { providerNames, type ProviderId } from "../providers/types";
import { newErrorReference } from "../reference";

export type ConnectFailureKind = "cancelled" | "already_exists" | "no_accounts" | "provider_error";

/** Why a connection did not come about, as the user reads it, with a reference for support. */
export type ConnectFailure = {
  kind: ConnectFailureKind;
  /** Said in the reader's language; a provider's own message travels in it as sent. */
  message: Message;
  /** The provider's own code (error class, status), when it gave one. */
  code: string | null;
  reference: string;
  /** For the log only: never shown, never holds a secret. */
  logText: string;
};

export const noAccountsMessage: Message = message("ConnectFailure.noAccounts");

export function alreadySynchronizedMessage(provider: ProviderId): Message {
  return message("ConnectFailure.alreadyExists", { provider: providerNames[provider] });
}

/** Any error of a consent flow, as a failure the user can act on. */
export function providerFailure(error: unknown, provider: ProviderId): ConnectFailure {
  const reference = newErrorReference();
  const name = providerNames[provider];
  if (!isProviderError(error)) {
    return {
      kind: "provider_error",
      message: message("ConnectFailure.unexpected", { provider: name }),
      code: null,
      reference,
      logText: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const logText = `${error.kind}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
  const code = error.providerCode;
  if (error.kind === "cancelled") {
    return { kind: "cancelled", message: message("ConnectFailure.cancelled", { provider: name }), code, reference, logText };
  }
  if (error.kind === "already_exists") return { kind: "already_exists", message: alreadySynchronizedMessage(provider), code, reference, logText };
  // The provider's words are shown as it sent them, after our sentence that says whose they are.
  const said = error.providerMessage ?? error.message;
  return { kind: "provider_error", message: message("ConnectFailure.providerError", { provider: name, message: said }), code, reference, logText };
}

/**
 * A failure's message as the attempt stores it (connection_attempts.error_message is text): the
 * Message as JSON, said when read, in the reader's language.
 */
export function storedFailureText(failure: Message): string {
  return JSON.stringify(failure);
}

const storedMessage = z.object({
  key: z.string().transform((key) => key as MessageKey),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** What the attempt stored: a Message, or the English text of a row written before translation (shown as it is). */
export function storedFailureMessage(text: string | null): Message | string {
  if (text === null) return message("ConnectFailure.failed");
  if (!text.startsWith("{")) return text;
  try {
    const parsed = storedMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : text;
  } catch {
    return text;
  }
}
