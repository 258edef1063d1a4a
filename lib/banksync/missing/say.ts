import { createTranslator } from "next-intl";
import type { Message, MessageValues, Translate } from "@/i18n/message";
import { formatDate, isIsoDate } from "@/lib/dates";
import en from "@/messages/en";

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A Message's values for a reader: the domain names days (YYYY-MM-DD) and instants (ISO, UTC) as
 * plain data, the reader sees them in their locale ("Jun 1, 2025", "2025. 6. 1.").
 */
export function localizedValues(values: MessageValues | undefined, locale: string): MessageValues | undefined {
  if (!values) return values;
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (typeof value !== "string") return [name, value];
      if (isIsoDate(value)) return [name, formatDate(value, locale)];
      if (instant.test(value)) {
        let format = instantFormats.get(locale);
        if (!format) instantFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })));
        return [name, format.format(new Date(value))];
      }
      return [name, value];
    }),
  );
}

const english = createTranslator({ locale: "en", messages: en, timeZone: "UTC" }) as unknown as Translate;

/** The English words of a Message, for logs (the user is told in their own language by the action). */
export function inEnglish(message: Message): string {
  return english(message.key, localizedValues(message.values, "en"));
}
