import { describe, expect, it } from "vitest";
import { LockDateError } from "./errors";
import { assertNotLocked, isLocked, isLockDateViolation } from "./lock-date";

describe("lock date rule", () => {
  it.each([
    ["2026-01-01", null, false],
    ["2025-12-31", "2025-12-31", true],
    ["2025-12-30", "2025-12-31", true],
    ["2026-01-01", "2025-12-31", false],
    ["2024-02-29", "2024-03-01", true],
  ])("%s with lock %s is locked: %s", (date, lock, locked) => {
    expect(isLocked(date, lock)).toBe(locked);
  });

  it("throws a LockDateError naming the lock date", () => {
    expect(() => assertNotLocked("2025-06-01", "2025-12-31")).toThrow(LockDateError);
    expect(() => assertNotLocked("2025-06-01", "2025-12-31")).toThrow(/2025-12-31/);
    expect(() => assertNotLocked("2026-01-01", "2025-12-31")).not.toThrow();
  });

  it("recognizes the database's refusal, also when wrapped", () => {
    expect(isLockDateViolation({ constraint: "statement_lines_lock_date" })).toBe(true);
    expect(isLockDateViolation(new Error("boom", { cause: { constraint_name: "statement_lines_lock_date" } }))).toBe(true);
    expect(isLockDateViolation(new Error("duplicate key"))).toBe(false);
  });
});
