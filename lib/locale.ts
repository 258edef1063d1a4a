import { cache } from "react";
import { headers } from "next/headers";
import { resolveLocale } from "@/i18n/config";
import { currentUser } from "@/lib/session";

/**
 * The locale of this request (i18n/config.ts): the signed-in user's language setting, else the
 * browser's Accept-Language, else English. Words, dates, times and amounts all follow it.
 */
export const requestLocale = cache(async (): Promise<string> => {
  const [user, requestHeaders] = await Promise.all([currentUser().catch(() => null), headers()]);
  return resolveLocale(user?.language ?? null, requestHeaders.get("accept-language"));
});

/** The locale's decimal mark, for parsing typed amounts the way the user writes them. */
export function decimalMark(locale: string): "." | "," {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
  return part?.value === "," ? "," : ".";
}
