import { LockDateError } from "./errors";

/** A date is locked when it is on or before the company's "Lock Everything" date. */
export function isLocked(date: string, lockDate: string | null): boolean {
  return lockDate !== null && date <= lockDate;
}

export function assertNotLocked(date: string, lockDate: string | null): void {
  if (isLocked(date, lockDate)) throw new LockDateError(date, lockDate!);
}

/** Postgres reports the lock-date trigger's refusal as this constraint. */
export function isLockDateViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (typeof e === "object" && e !== null); e = (e as { cause?: unknown }).cause) {
    const { constraint, constraint_name: constraintName, message } = e as { constraint?: string; constraint_name?: string; message?: string };
    if (constraint === "statement_lines_lock_date" || constraintName === "statement_lines_lock_date") return true;
    if (typeof message === "string" && message.includes("lock date violation")) return true;
    if (!("cause" in (e as object))) break;
  }
  return false;
}
