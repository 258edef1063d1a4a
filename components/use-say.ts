import { useTranslations } from "next-intl";
import type { Message, Translate } from "@/i18n/message";

/**
 * Says what the server sent as a Message in the reader's language; plain text (a row stored before
 * the interface was translated) is shown as it is.
 */
export function useSay(): (said: Message | string) => string {
  // Over the whole catalog: a Message names its namespace.
  const t = useTranslations() as unknown as Translate;
  return (said) => (typeof said === "string" ? said : t(said.key, said.values));
}
