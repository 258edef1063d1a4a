"use client";

import { useHydrated } from "@/components/use-hydrated";
import { remembered } from "@/lib/remembered";

/** One formatter per locale and style (and zone): building one costs more than formatting with it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remembered(formats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

/**
 * An instant in the reader's locale and time zone. The server knows neither zone, so its render (and
 * hydration) says the time in UTC, named as such; the browser's own zone follows right after.
 */
export function useLocalTime(iso: string, locale: string, style: "date" | "dateTime" = "dateTime"): string {
  const hydrated = useHydrated();
  const options: Intl.DateTimeFormatOptions = style === "date" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  const instant = new Date(iso);
  if (hydrated) return formatter(locale, options).format(instant);
  if (style === "date") return formatter(locale, { ...options, timeZone: "UTC" }).format(instant);
  return formatter(locale, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(instant);
}

export function LocalTime({ iso, locale, style = "dateTime" }: { iso: string; locale: string; style?: "date" | "dateTime" }) {
  return <time dateTime={iso}>{useLocalTime(iso, locale, style)}</time>;
}
