import { message, type Message, type MessageKey } from "@/i18n/message";
import { ValidationError } from "../errors";

/** lib/banksync/sync/requests.ts: why "Fetch Transactions" is refused, still written as English sentences. */
const engineRefusals: Record<string, MessageKey> = {
  "The bank connection is disconnected: reconnect it first.": "Connection.errors.disconnected",
};

/**
 * A refusal of the sync engine whose field messages are still English sentences, with the known ones
 * as Messages (said in the reader's language by lib/form-errors.ts); any other error as it is.
 */
export function withEngineRefusals(error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const known = (m: Message | string) => (typeof m === "string" && engineRefusals[m] ? message(engineRefusals[m]) : m);
  return new ValidationError(Object.fromEntries(Object.entries(error.fieldErrors).map(([field, messages]) => [field, messages.map(known)])));
}
