import { describe, expect, it } from "vitest";
import { dateFormatPreference, parseCsvDate } from "./dates";
import { csvDateFormats, type CsvDateFormat } from "./mapping";

describe("parseCsvDate", () => {
  const cases: Array<[CsvDateFormat, string, string | null]> = [
    ["YYYY-MM-DD", "2026-11-26", "2026-11-26"],
    ["YYYY-MM-DD", "2026-11-26T14:05:00Z", "2026-11-26"],
    ["YYYY-MM-DD", "2026-1-5", "2026-01-05"],
    ["YYYY.MM.DD", "2026.11.26 14:05:00", "2026-11-26"],
    ["YYYY.MM.DD", "2026.11.26.", "2026-11-26"],
    ["YYYY/MM/DD", "2026/11/26", "2026-11-26"],
    ["YYYYMMDD", "20261126", "2026-11-26"],
    ["YYYYMMDD", "202611261405", null],
    ["DD/MM/YYYY", "26/11/2026", "2026-11-26"],
    ["DD.MM.YYYY", "26.11.2026", "2026-11-26"],
    ["DD-MM-YYYY", "26-11-2026", "2026-11-26"],
    ["MM/DD/YYYY", "11/26/2026", "2026-11-26"],
    ["MM/DD/YYYY", "1/5/2026 9:30 AM", "2026-01-05"],
    ["DD/MM/YY", "26/11/26", "2026-11-26"],
    ["MM/DD/YY", "11/26/26", "2026-11-26"],
    ["DD.MM.YY", "28.11.26", "2026-11-28"],
    // Real calendar dates only.
    ["YYYY-MM-DD", "2026-02-29", null],
    ["YYYY-MM-DD", "2028-02-29", "2028-02-29"],
    ["DD.MM.YYYY", "31.04.2026", null],
    ["DD/MM/YYYY", "11/26/2026", null],
    ["MM/DD/YYYY", "26/11/2026", null],
    ["YYYY-MM-DD", "2026-13-01", null],
    ["YYYY-MM-DD", "2026-00-10", null],
    // A four-digit year is not a two-digit one, nor the other way round.
    ["DD/MM/YY", "26/11/2026", null],
    ["DD/MM/YYYY", "26/11/26", null],
    // Glued text is not a time.
    ["YYYY-MM-DD", "2026-11-26x", null],
    ["YYYYMMDD", "12345678", null],
    ["YYYY-MM-DD", "", null],
    ["YYYY-MM-DD", "Buchungstag", null],
  ];
  it.each(cases)("%s reads %j as %j", (format, cell, expected) => {
    expect(parseCsvDate(cell, format)).toBe(expected);
  });

  it("tries every format, day-first before month-first", () => {
    expect([...dateFormatPreference].sort()).toEqual([...csvDateFormats].sort());
    expect(dateFormatPreference.indexOf("DD/MM/YYYY")).toBeLessThan(dateFormatPreference.indexOf("MM/DD/YYYY"));
    expect(dateFormatPreference.indexOf("DD/MM/YY")).toBeLessThan(dateFormatPreference.indexOf("MM/DD/YY"));
  });
});
