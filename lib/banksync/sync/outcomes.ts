import { isProviderError } from "../providers/errors";

export const AUTO_FETCH_UNSUPPORTED_MESSAGE =
  "This bank does not allow automatic synchronization. Disable automatic synchronization and use Fetch Transactions.";

/** What a failed (or limited) synchronization does to its run and its connection (DESIGN.md §4, step 5). */
export type SyncOutcome = {
  /** A refresh limit is not a failure: the run succeeds with a notice. */
  runStatus: "succeeded" | "failed";
  connectionState: "connected" | "action_required" | "error";
  /** For the user; null for a refresh limit (its notice is composed where its time is formatted). */
  message: string | null;
  /** The provider's code, for support. */
  code: string | null;
  /** Refresh limit: when new data can come. */
  notBefore: Date | null;
};

export function outcomeOf(error: unknown): SyncOutcome {
  if (!isProviderError(error)) {
    return { runStatus: "failed", connectionState: "error", message: "The synchronization failed unexpectedly.", code: null, notBefore: null };
  }
  const code = error.providerCode;
  switch (error.kind) {
    case "needs_user_action":
      return { runStatus: "failed", connectionState: "action_required", message: "The bank asks you to sign in again: click “Reconnect Bank”.", code, notBefore: null };
    case "consent_expired":
      return { runStatus: "failed", connectionState: "action_required", message: "Access to this bank has expired: click “Reconnect Bank” to renew it.", code, notBefore: null };
    case "auto_fetch_unsupported":
      return { runStatus: "failed", connectionState: "connected", message: AUTO_FETCH_UNSUPPORTED_MESSAGE, code, notBefore: null };
    case "rate_limited":
      return { runStatus: "succeeded", connectionState: "connected", message: null, code, notBefore: error.resetAt };
    case "transient":
      return { runStatus: "failed", connectionState: "error", message: `The bank's provider did not answer in time (${error.message}). The next synchronization tries again.`, code, notBefore: null };
    default:
      return { runStatus: "failed", connectionState: "error", message: `The provider reported an error: ${error.providerMessage ?? error.message}`, code, notBefore: null };
  }
}

/** The refresh-limit notice, with its time already formatted for the reader. */
export function refreshLimitNotice(formattedTime: string | null): string {
  return formattedTime ? `Already refreshed today; new transactions can be fetched after ${formattedTime}.` : "Already refreshed today; new transactions can be fetched later.";
}
