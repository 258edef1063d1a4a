import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { statementLines } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "./bank-accounts";
import { setLockEverythingDate } from "./companies";
import { LockDateError } from "./errors";
import { isLockDateViolation } from "./lock-date";
import { listStatementLines } from "./journals";
import { addManualLine, deleteStatementLine } from "./statement-lines";

/** The error a write was refused with (drizzle wraps the driver's error as its cause). */
async function refusal(write: PromiseLike<unknown>): Promise<unknown> {
  try {
    await write;
  } catch (error) {
    return error;
  }
  throw new Error("the write was not refused");
}

describe.each(drivers)("lock date on %s", (driver) => {
  let database: Database;
  let co: Awaited<ReturnType<typeof companyWithUsers>>;
  let journalId: string;
  let oldLine: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    co = await companyWithUsers(database.db, "Locked Co");
    ({ journalId } = await addManualBankAccount(database.db, co.admin, { accountNumber: "DE89 3704 0044 0532 0130 00" }));
    ({ lineId: oldLine } = await addManualLine(database.db, co.accountant, journalId, { date: "2025-12-15", label: "Old", amount: "10" }));
    await setLockEverythingDate(database.db, co.admin, "2025-12-31");
  });
  afterAll(() => database?.close());

  it("the domain refuses to create or delete a line on or before the lock date", async () => {
    await expect(addManualLine(database.db, co.accountant, journalId, { date: "2025-12-31", label: "x", amount: "1" })).rejects.toThrow(LockDateError);
    await expect(deleteStatementLine(database.db, co.accountant, oldLine)).rejects.toThrow(LockDateError);
    await expect(addManualLine(database.db, co.accountant, journalId, { date: "2026-01-01", label: "New", amount: "1" })).resolves.toHaveProperty("lineId");
  });

  it("the database itself refuses inserts, updates and deletes in the locked period", async () => {
    const insert = database.db.insert(statementLines).values({
      companyId: co.companyId,
      journalId,
      date: "2025-06-01",
      amountMinor: 100n,
      currency: "EUR",
      label: "bypass",
      source: "manual",
    });
    expect(await refusal(insert)).toSatisfy(isLockDateViolation);
    expect(await refusal(database.db.update(statementLines).set({ label: "changed" }).where(eq(statementLines.id, oldLine)))).toSatisfy(isLockDateViolation);
    expect(await refusal(database.db.delete(statementLines).where(eq(statementLines.id, oldLine)))).toSatisfy(isLockDateViolation);
    expect(await refusal(database.db.execute(sql`update statement_lines set date = '2025-01-01' where label = 'New'`))).toSatisfy(isLockDateViolation);
    const lines = await database.db.select({ label: statementLines.label }).from(statementLines).where(eq(statementLines.journalId, journalId));
    expect(lines.map((l) => l.label).sort()).toEqual(["New", "Old"]);
  });

  it("a lock date set between the check and the write still refuses it (database backstop)", async () => {
    await setLockEverythingDate(database.db, co.admin, null);
    const { lineId } = await addManualLine(database.db, co.accountant, journalId, { date: "2026-02-01", label: "Feb", amount: "5" });
    await setLockEverythingDate(database.db, co.admin, "2026-02-28");
    expect(await refusal(database.db.delete(statementLines).where(eq(statementLines.id, lineId)))).toSatisfy(isLockDateViolation);
    await setLockEverythingDate(database.db, co.admin, "2025-12-31");
  });

  it("running balances are exact across pages", async () => {
    const page = await listStatementLines(database.db, co.viewer, journalId, { page: 1, pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.lines.map((l) => [l.date, l.runningBalanceMinor])).toEqual([
      ["2026-02-01", 1600n],
      ["2026-01-01", 1100n],
    ]);
    const older = await listStatementLines(database.db, co.viewer, journalId, { page: 2, pageSize: 2 });
    expect(older.lines.map((l) => [l.date, l.runningBalanceMinor])).toEqual([["2025-12-15", 1000n]]);
  });
});
