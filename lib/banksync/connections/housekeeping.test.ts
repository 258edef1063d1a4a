import { describe, expect, it } from "vitest";
import { reminderDue } from "./housekeeping";

const DAY = 24 * 60 * 60 * 1000;

describe("reminderDue", () => {
  it.each([
    [20 * DAY, null, null],
    [15 * DAY, null, 15],
    [14.2 * DAY, null, 15],
    [14.2 * DAY, 15, null],
    [3 * DAY, 15, 3],
    [2 * DAY, null, 3],
    [2 * DAY, 3, null],
    [0.5 * DAY, 3, 1],
    [0.5 * DAY, 15, 1],
    [0.5 * DAY, 1, null],
    [0, null, null],
    [-DAY, null, null],
  ])("%d ms left, last reminder %s → %s", (msLeft, already, due) => {
    expect(reminderDue(msLeft, already)).toBe(due);
  });
});
