import { cache } from "react";
import { createTranslator } from "next-intl";
import { requestLocale } from "@/lib/locale";
import { languageOf } from "./config";
import type { Message, Translate } from "./message";
import { messagesFor } from "./messages";

/** A translator over the whole catalog: a key with its namespace ("Errors.notFound"). */
export type Say = Translate & { has(key: string): boolean };

/**
 * The translator of this request's language, for server actions, route handlers and server code
 * that answers the user. It needs only what every request has (its headers and session), not the
 * next-intl context of a page render, so the same code runs under Next and in the tests.
 */
export const serverTranslator = cache(async (): Promise<Say> => {
  const locale = await requestLocale();
  return createTranslator({ locale, messages: await messagesFor(languageOf(locale)), timeZone: "UTC" }) as unknown as Say;
});

/** Says a Message in the language of this request. */
export async function translate(message: Message): Promise<string> {
  return (await serverTranslator())(message.key, message.values);
}
