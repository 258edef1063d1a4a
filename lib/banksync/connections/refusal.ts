import type { MessageKey } from "@/i18n/message";
import { serverTranslator } from "@/i18n/translate";
import { refusal, type Refusal } from "@/lib/form-errors";
import { NotFoundError } from "../errors";
import { withEngineRefusals } from "./engine-refusals";

/** What these pages have always said of a record this company does not have, by what was looked for. */
const notFound: Record<string, MessageKey> = {
  "Connection not found": "Connection.errors.connectionNotFound",
  "Account not found": "Connection.errors.accountNotFound",
  "Journal not found": "Connection.errors.journalNotFound",
  "Bank link of this journal not found": "Connection.errors.bankLinkNotFound",
};

/**
 * The answer of a connection's action to a refusal, in the request's language: a missing record
 * named as before ("Connection not found"), the engine's known refusals translated, the rest as
 * lib/form-errors.ts says it; anything unexpected is rethrown.
 */
export async function connectionRefusal(error: unknown): Promise<Refusal> {
  const key = error instanceof NotFoundError ? notFound[error.message] : undefined;
  if (key) return { ok: false, message: (await serverTranslator())(key) };
  return refusal(withEngineRefusals(error));
}
