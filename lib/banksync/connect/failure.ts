import { isProviderError } from "../providers/errors";
import { providerNames, type ProviderId } from "../providers/types";
import { newErrorReference } from "../reference";

export type ConnectFailureKind = "cancelled" | "already_exists" | "no_accounts" | "provider_error";

/** Why a connection did not come about, as the user reads it, with a reference for support. */
export type ConnectFailure = {
  kind: ConnectFailureKind;
  message: string;
  /** The provider's own code (error class, status), when it gave one. */
  code: string | null;
  reference: string;
  /** For the log only: never shown, never holds a secret. */
  logText: string;
};

export const NO_ACCOUNTS_MESSAGE = "No bank account was authorized during the connection. Connect again and select the accounts to synchronize.";

export function alreadySynchronizedMessage(provider: ProviderId): string {
  return `This account has already been synchronized with ${providerNames[provider]}.`;
}

/** Any error of a consent flow, as a failure the user can act on. */
export function providerFailure(error: unknown, provider: ProviderId): ConnectFailure {
  const reference = newErrorReference();
  const name = providerNames[provider];
  if (!isProviderError(error)) {
    return {
      kind: "provider_error",
      message: `The connection with ${name} failed unexpectedly.`,
      code: null,
      reference,
      logText: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const logText = `${error.kind}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
  const code = error.providerCode;
  if (error.kind === "cancelled") {
    return { kind: "cancelled", message: `The connection was cancelled at ${name}. Nothing was connected.`, code, reference, logText };
  }
  if (error.kind === "already_exists") return { kind: "already_exists", message: alreadySynchronizedMessage(provider), code, reference, logText };
  const said = error.providerMessage ?? error.message;
  return { kind: "provider_error", message: `${name} reported an error: ${said}`, code, reference, logText };
}
