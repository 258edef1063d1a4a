import { readStoredText, sayStoredText, type StoredText } from "@/lib/banksync/connections/stored-text";
import type { MessageKey } from "@/i18n/message";
import { say } from "./i18n";

/**
 * A stored text (a column as written, or a log entry's content) as a reader of that language sees
 * it, the provider's message on its own line, for tests that assert the words.
 */
export function sayStored(stored: string | StoredText, language: "en" | "ko" = "en", providerName = "the provider"): string {
  const content = typeof stored === "string" ? readStoredText(stored) : stored;
  const said = sayStoredText((key, values) => say({ key: key as MessageKey, values }, language), content, providerName);
  return said.providerMessage ? `${said.text}\n${said.providerMessage}` : said.text;
}
