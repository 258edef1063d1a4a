"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * An instant in the reader's locale and time zone. The server knows neither zone, so its render (and
 * hydration) says the time in UTC, named as such; the browser's own zone follows right after.
 */
export function useLocalTime(iso: string, locale: string, style: "date" | "dateTime" = "dateTime"): string {
  const hydrated = useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
  const options: Intl.DateTimeFormatOptions = style === "date" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  const instant = new Date(iso);
  if (hydrated) return new Intl.DateTimeFormat(locale, options).format(instant);
  if (style === "date") return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(instant);
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(instant);
}

export function LocalTime({ iso, locale, style = "dateTime" }: { iso: string; locale: string; style?: "date" | "dateTime" }) {
  return <time dateTime={iso}>{useLocalTime(iso, locale, style)}</time>;
}
