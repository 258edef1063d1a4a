import type { CsvDateFormat } from "./mapping";

type Layout = { pattern: RegExp; year: number; month: number; day: number };

// Day and month may lack their leading zero ("1/5/2026"); a trailing dot is allowed where dots
// separate ("2026.11.26."); whatever follows a space or a "T" (a time) is ignored.
const end = String.raw`(?:[ T].*)?$`;
const layouts: Record<CsvDateFormat, Layout> = {
  "YYYY-MM-DD": { pattern: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${end}`), year: 1, month: 2, day: 3 },
  "YYYY.MM.DD": { pattern: new RegExp(String.raw`^(\d{4})\.(\d{1,2})\.(\d{1,2})\.?${end}`), year: 1, month: 2, day: 3 },
  "YYYY/MM/DD": { pattern: new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${end}`), year: 1, month: 2, day: 3 },
  YYYYMMDD: { pattern: new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${end}`), year: 1, month: 2, day: 3 },
  "DD/MM/YYYY": { pattern: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${end}`), year: 3, month: 2, day: 1 },
  "DD.MM.YYYY": { pattern: new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${end}`), year: 3, month: 2, day: 1 },
  "DD-MM-YYYY": { pattern: new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})${end}`), year: 3, month: 2, day: 1 },
  "MM/DD/YYYY": { pattern: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${end}`), year: 3, month: 1, day: 2 },
  "DD/MM/YY": { pattern: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{2})${end}`), year: 3, month: 2, day: 1 },
  "MM/DD/YY": { pattern: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{2})${end}`), year: 3, month: 1, day: 2 },
  "DD.MM.YY": { pattern: new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{2})${end}`), year: 3, month: 2, day: 1 },
};

/**
 * The formats a guess tries, most likely first: where a date reads both as DD/MM and MM/DD the
 * day-first reading wins, since only a day above 12 can prove a month-first layout.
 */
export const dateFormatPreference: readonly CsvDateFormat[] = [
  "YYYY-MM-DD",
  "YYYY.MM.DD",
  "YYYY/MM/DD",
  "YYYYMMDD",
  "DD.MM.YYYY",
  "DD/MM/YYYY",
  "DD-MM-YYYY",
  "MM/DD/YYYY",
  "DD.MM.YY",
  "DD/MM/YY",
  "MM/DD/YY",
];

/** A cell's date as YYYY-MM-DD when it reads as `format` and is a real calendar date, else null. Two-digit years are 20YY. */
export function parseCsvDate(cell: string, format: CsvDateFormat): string | null {
  const layout = layouts[format];
  const match = layout.pattern.exec(cell.trim());
  if (!match) return null;
  const written = match[layout.year]!;
  const year = written.length === 2 ? 2000 + Number(written) : Number(written);
  const month = Number(match[layout.month]);
  const day = Number(match[layout.day]);
  // Years outside this range are account or reference numbers that happen to look like YYYYMMDD.
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
