/** The languages the interface is written in. English is the default and the source of every text. */
export const languages = ["en", "ko"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "en";

/** How each language calls itself, for the "Language" menu. */
export const languageNames: Record<Language, string> = { en: "English", ko: "한국어" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** The interface language of a locale tag ("ko-KR" → "ko"); English for anything else. */
export function languageOf(locale: string): Language {
  const language = locale.split("-")[0]!.toLowerCase();
  return isLanguage(language) ? language : defaultLanguage;
}

/** Accept-Language's tags, most wanted first; malformed or unsupported tags are dropped. */
export function acceptedLocales(acceptLanguage: string | null): string[] {
  return (acceptLanguage ?? "")
    .split(",")
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag!.trim(), q: q ? Number(q.trim().slice(2)) : 1, order };
    })
    .filter((l) => l.tag && l.tag !== "*" && Number.isFinite(l.q) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .flatMap(({ tag }) => {
      try {
        return Intl.NumberFormat.supportedLocalesOf([tag]);
      } catch {
        return [];
      }
    });
}

/**
 * The locale a request is answered in: its language is the user's setting, else the browser's first
 * language we have, else English; its region comes from the browser when the browser asks for that
 * language (an "en-GB" browser reads English with British dates), so dates, times and amounts follow
 * the same choice as the words.
 */
export function resolveLocale(userLanguage: Language | null, acceptLanguage: string | null): string {
  const accepted = acceptedLocales(acceptLanguage);
  const language = userLanguage ?? accepted.map((tag) => tag.split("-")[0]!.toLowerCase()).find(isLanguage) ?? defaultLanguage;
  return accepted.find((tag) => tag.split("-")[0]!.toLowerCase() === language) ?? language;
}
