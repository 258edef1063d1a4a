import { createTranslator } from "next-intl";
import type { Message, Translate } from "@/i18n/message";
import en from "@/messages/en";
import ko from "@/messages/ko";

const translators = {
  en: createTranslator({ locale: "en", messages: en, timeZone: "UTC" }),
  ko: createTranslator({ locale: "ko", messages: ko, timeZone: "UTC" }),
};

/** A Message (or a catalog key) as a reader of that language sees it, for tests that assert the words. */
export function say(message: Message | string, language: "en" | "ko" = "en"): string {
  const t = translators[language] as unknown as Translate;
  return typeof message === "string" ? t(message) : t(message.key, message.values);
}
