import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { companies } from "@/db/schema";
import { LockDateError } from "./errors";

/** The company's "Lock Everything" date, or null when nothing is locked. */
export async function lockDateOf(db: Db | Tx, companyId: string): Promise<string | null> {
  const [company] = await db.select({ lock: companies.lockEverythingDate }).from(companies).where(eq(companies.id, companyId));
  return company?.lock ?? null;
}

/**
 * Runs a write the domain already checked against the lock date: a lock date set meanwhile makes the
 * database refuse it, and that refusal surfaces as the domain's error for `date`.
 */
export async function guardLockDate<T>(db: Db | Tx, companyId: string, date: string | (() => string), write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isLockDateViolation(error)) throw error;
    const day = typeof date === "string" ? date : date();
    throw new LockDateError(day, (await lockDateOf(db, companyId)) ?? day);
  }
}

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
