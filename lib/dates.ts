import { remembered } from "@/lib/remembered";

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The UTC calendar date of an instant, as YYYY-MM-DD. */
export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

// One formatter per locale (making one costs a hundred times what formatting does), emptied past a bound.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats a YYYY-MM-DD date in a locale without shifting it through a time zone. */
export function formatDate(date: string, locale: string): string {
  const formatter = remembered(dateFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }));
  return formatter.format(new Date(`${date}T00:00:00Z`));
}
