import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { migrationsFolder, type Database } from "@/db/client";
import { journalDays, journalTotals, statementLines } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "./bank-accounts";
import { balanceHistory, listJournalCards, listStatementLines } from "./journals";

describe("balanceHistory", () => {
  it("walks back from the current balance, leaving out lines dated after today", () => {
    const points = balanceHistory(
      1000n,
      new Map([
        ["2026-11-27", 100n],
        ["2026-11-26", 50n],
        ["2026-11-20", -25n],
      ]),
      "2026-11-26",
    );
    expect(points).toHaveLength(30);
    expect(points.at(-1)).toEqual({ date: "2026-11-26", balanceMinor: 900n });
    expect(points.find((p) => p.date === "2026-11-25")).toEqual({ date: "2026-11-25", balanceMinor: 850n });
    expect(points.find((p) => p.date === "2026-11-19")).toEqual({ date: "2026-11-19", balanceMinor: 875n });
    expect(points[0]).toEqual({ date: "2026-10-28", balanceMinor: 875n });
  });
});

describe.each(drivers)("journal pages and per-day totals on %s", (driver) => {
  let database: Database;
  let co: Awaited<ReturnType<typeof companyWithUsers>>;
  let journalId: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    co = await companyWithUsers(database.db, "Pages Co");
    ({ journalId } = await addManualBankAccount(database.db, co.admin, { accountNumber: "NL91 ABNA 0417 1643 00" }));
    // 437 lines over 60 days, several per day, inserted out of date order in three statements.
    const values = Array.from({ length: 437 }, (_, i) => ({
      companyId: co.companyId,
      journalId,
      date: `2026-0${1 + ((i * 7) % 2)}-${String(1 + ((i * 13) % 28)).padStart(2, "0")}`,
      amountMinor: BigInt(((i * 7919) % 20001) - 10000),
      currency: "EUR",
      label: `Line ${i}`,
      source: "manual" as const,
      reconciled: i % 5 === 0,
    }));
    for (const chunk of [values.slice(0, 100), values.slice(100, 300), values.slice(300)]) {
      await database.db.insert(statementLines).values(chunk);
    }
    // Updates and deletes move and remove lines between days.
    await database.db.execute(sql`update statement_lines set date = '2026-03-15', reconciled = true where label in ('Line 1', 'Line 2', 'Line 3')`);
    await database.db.execute(sql`update statement_lines set amount_minor = amount_minor * 2 where label like 'Line 4%'`);
    await database.db.execute(sql`delete from statement_lines where label like 'Line 9%'`);
    await database.db.execute(sql`update statement_lines set possible_duplicate = true where label like 'Line 5%' or label like 'Line 6%'`);
    await database.db.execute(sql`update statement_lines set possible_duplicate = false, reconciled = false where label like 'Line 6%'`);
  });

  /** The journal's totals as its lines add them up, in journal_totals's shape. */
  const linesTotals = async () => {
    const [row] = await database.db
      .select({
        journalId: statementLines.journalId,
        lineCount: sql<number>`count(*)::int`,
        amountMinor: sql<string>`sum(${statementLines.amountMinor})`.mapWith(BigInt),
        unreconciledCount: sql<number>`(count(*) filter (where not ${statementLines.reconciled}))::int`,
        unreconciledMinor: sql<string>`coalesce(sum(${statementLines.amountMinor}) filter (where not ${statementLines.reconciled}), 0)`.mapWith(BigInt),
        possibleDuplicateCount: sql<number>`(count(*) filter (where ${statementLines.possibleDuplicate}))::int`,
      })
      .from(statementLines)
      .where(eq(statementLines.journalId, journalId))
      .groupBy(statementLines.journalId);
    return row;
  };
  afterAll(() => database?.close());

  it("journal_days equals the lines' own per-day aggregate after inserts, updates and deletes", async () => {
    const expected = await database.db
      .select({
        date: statementLines.date,
        lineCount: sql<number>`count(*)::int`,
        amountMinor: sql<string>`sum(${statementLines.amountMinor})::text`,
        unreconciledCount: sql<number>`(count(*) filter (where not ${statementLines.reconciled}))::int`,
      })
      .from(statementLines)
      .where(eq(statementLines.journalId, journalId))
      .groupBy(statementLines.date)
      .orderBy(asc(statementLines.date));
    const kept = await database.db
      .select({
        date: journalDays.date,
        lineCount: journalDays.lineCount,
        amountMinor: sql<string>`${journalDays.amountMinor}::text`,
        unreconciledCount: journalDays.unreconciledCount,
      })
      .from(journalDays)
      .where(and(eq(journalDays.journalId, journalId)))
      .orderBy(asc(journalDays.date));
    expect(kept).toEqual(expected);
  });

  it("journal_totals equals the lines' own totals after inserts, updates and deletes", async () => {
    const expected = await linesTotals();
    expect(expected!.possibleDuplicateCount).toBeGreaterThan(0);
    expect(await database.db.select().from(journalTotals).where(eq(journalTotals.journalId, journalId))).toEqual([expected]);
  });

  it("a journal whose last line is deleted has no totals left, and its card shows nothing", async () => {
    const { journalId: other } = await addManualBankAccount(database.db, co.admin, { accountNumber: "BE68 5390 0754 7034" });
    const line = { companyId: co.companyId, journalId: other, date: "2026-02-03", amountMinor: 500n, currency: "EUR", label: "Only", source: "manual" as const };
    await database.db.insert(statementLines).values([line, { ...line, amountMinor: -200n }]);
    expect(await database.db.select({ n: journalTotals.lineCount }).from(journalTotals).where(eq(journalTotals.journalId, other))).toEqual([{ n: 2 }]);
    await database.db.delete(statementLines).where(eq(statementLines.journalId, other));
    expect(await database.db.select().from(journalTotals).where(eq(journalTotals.journalId, other))).toEqual([]);
    const card = (await listJournalCards(database.db, co.viewer, "2026-03-20")).find((c) => c.id === other)!;
    expect(card).toMatchObject({ balanceMinor: 0n, toReconcile: 0, lastLineDate: null });
  });

  it("every page shows the same lines and running balances as a plain walk over all lines", async () => {
    const all = await database.db
      .select({ id: statementLines.id, amount: statementLines.amountMinor })
      .from(statementLines)
      .where(eq(statementLines.journalId, journalId))
      .orderBy(asc(statementLines.date), asc(statementLines.sequence));
    let running = 0n;
    const expected = all.map((l) => ({ id: l.id, balance: (running += l.amount) })).reverse();

    const seen: { id: string; balance: bigint }[] = [];
    const first = await listStatementLines(database.db, co.viewer, journalId, { page: 1, pageSize: 23 });
    expect(first.total).toBe(all.length);
    for (let page = 1; page <= first.pageCount; page++) {
      const result = await listStatementLines(database.db, co.viewer, journalId, { page, pageSize: 23 });
      seen.push(...result.lines.map((l) => ({ id: l.id, balance: l.runningBalanceMinor })));
    }
    expect(seen).toEqual(expected);

    const cards = await listJournalCards(database.db, co.viewer, "2026-03-20");
    expect(cards[0]!.balanceMinor).toBe(running);
    expect(cards[0]!.lastLineDate).toBe("2026-03-15");
    // The chart's end-of-day balances are the sums of the lines up to each day.
    const dated = await database.db
      .select({ date: statementLines.date, amount: statementLines.amountMinor })
      .from(statementLines)
      .where(eq(statementLines.journalId, journalId));
    const history = cards[0]!.balanceHistory;
    expect(history).toHaveLength(30);
    for (const point of history) {
      expect(point.balanceMinor).toBe(dated.filter((l) => l.date <= point.date).reduce((sum, l) => sum + l.amount, 0n));
    }
    expect(new Set(history.map((p) => p.balanceMinor)).size).toBeGreaterThan(1);
  });

  it("the migration's backfill rebuilds the per-day totals of lines written before it", async () => {
    const before = await database.db.select().from(journalDays).orderBy(asc(journalDays.date));
    const migration = readFileSync(path.join(migrationsFolder, "0003_journal_days_triggers.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").find((part) => part.includes("INSERT INTO journal_days"))!;
    await database.db.delete(journalDays);
    await database.db.execute(sql.raw(backfill));
    expect(await database.db.select().from(journalDays).orderBy(asc(journalDays.date))).toEqual(before);
  });

  it("the migration's backfill counts the totals of lines written before it", async () => {
    const migration = readFileSync(path.join(migrationsFolder, "0013_journal_totals.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").find((part) => part.includes("INSERT INTO journal_totals (journal_id"))!;
    await database.db.delete(journalTotals);
    await database.db.execute(sql.raw(backfill));
    expect(await database.db.select().from(journalTotals).where(eq(journalTotals.journalId, journalId))).toEqual([await linesTotals()]);
  });

  it("a page past the end shows the last page", async () => {
    const result = await listStatementLines(database.db, co.viewer, journalId, { page: 10_000, pageSize: 50 });
    expect(result.page).toBe(result.pageCount);
    expect(result.lines.length).toBeGreaterThan(0);
  });
});
