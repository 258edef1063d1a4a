import { describe, expect, it } from "vitest";
import { defaultStartDate, localToday } from "./start-date";

describe("defaultStartDate", () => {
  it.each([
    [new Date(2026, 4, 15, 9), "2026-04-15"],
    [new Date(2026, 0, 10, 23, 59), "2025-12-10"],
    [new Date(2026, 2, 31, 12), "2026-02-28"],
    [new Date(2024, 2, 30, 12), "2024-02-29"],
    [new Date(2026, 4, 31, 0, 0), "2026-04-30"],
  ])("%s → %s", (now, expected) => {
    expect(defaultStartDate(now)).toBe(expected);
  });

  it("reads the calendar day where the reader is", () => {
    expect(localToday(new Date(2026, 6, 1, 0, 5))).toBe("2026-07-01");
  });
});
