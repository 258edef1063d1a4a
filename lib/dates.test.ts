import { describe, expect, it } from "vitest";
import { addDays, formatDate, isIsoDate } from "./dates";

describe("isIsoDate", () => {
  it.each(["2026-02-28", "2024-02-29", "2026-12-31", "2000-02-29"])("%s is a date", (d) => expect(isIsoDate(d)).toBe(true));
  it.each(["2026-02-30", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "26-01-01", "2026-1-1", "", "2026-01-01T00:00"])(
    "%j is not",
    (d) => expect(isIsoDate(d)).toBe(false),
  );
});

describe("addDays / formatDate", () => {
  it("crosses months and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
  it("formats a calendar date without a time-zone shift", () => {
    expect(formatDate("2026-01-01", "en-US")).toBe("Jan 1, 2026");
    expect(formatDate("2026-11-26", "ko")).toBe("2026. 11. 26.");
  });
  it("gives a Korean reader 2026. 11. 26. style dates, whatever the region tag", () => {
    expect(formatDate("2026-11-26", "ko-KR")).toBe("2026. 11. 26.");
    expect(formatDate("2026-01-05", "ko")).toBe("2026. 1. 5.");
    expect(formatDate("2026-12-31", "ko")).toBe("2026. 12. 31.");
    expect(formatDate("2026-11-26", "en")).toBe("Nov 26, 2026");
  });
});
