import { randomBytes } from "node:crypto";
import { json } from "../respond";

/**
 * Plaid's answer shapes: every response carries a `request_id`; every error is
 * `{error_type, error_code, error_message, display_message, request_id}` with the HTTP status Plaid uses.
 */

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Shaped like Plaid's request ids ("m8MDnv9okwxFNBV"): what a support desk would be given. */
export function newRequestId(): string {
  return Array.from(randomBytes(15), (b) => alphabet[b % alphabet.length]).join("");
}

export function plaidOk(body: Record<string, unknown>): Response {
  return json({ ...body, request_id: newRequestId() });
}

export type PlaidErrorType =
  | "INVALID_REQUEST"
  | "INVALID_INPUT"
  | "INVALID_RESULT"
  | "API_ERROR"
  | "ITEM_ERROR"
  | "RATE_LIMIT_EXCEEDED"
  | "TRANSACTIONS_ERROR";

export function plaidError(
  status: number,
  errorType: PlaidErrorType,
  errorCode: string,
  errorMessage: string,
  extra: { displayMessage?: string | null; headers?: Record<string, string> } = {},
): Response {
  return json(
    {
      error_type: errorType,
      error_code: errorCode,
      error_message: errorMessage,
      display_message: extra.displayMessage ?? null,
      request_id: newRequestId(),
      causes: [],
      status,
      documentation_url: `https://plaid.com/docs/errors/${errorType.toLowerCase().replaceAll("_", "-")}/#${errorCode.toLowerCase()}`,
      suggested_action: null,
    },
    status,
    extra.headers,
  );
}

export function itemLoginRequired(): Response {
  return plaidError(
    400,
    "ITEM_ERROR",
    "ITEM_LOGIN_REQUIRED",
    "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
    { displayMessage: "The login details of this account have changed. Please log in again." },
  );
}

/** Plaid writes timestamps as ISO 8601 without milliseconds ("2020-03-27T12:56:34Z"). */
export function plaidTime(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z");
}
