import { and, asc, count, desc, eq, gt, max, sql, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, journals, statementLines } from "@/db/schema";
import { addDays } from "@/lib/dates";
import type { Actor } from "./actor";
import { NotFoundError } from "./errors";

export type Journal = {
  id: string;
  name: string;
  currency: string;
  accountNumber: string | null;
  bankName: string | null;
  bic: string | null;
};

/** A journal of the actor's company; any other id (another company's included) is not found. */
export async function getJournal(db: Db, actor: Actor, journalId: string): Promise<Journal> {
  if (!isUuid(journalId)) throw new NotFoundError("Journal");
  const [journal] = await db
    .select({
      id: journals.id,
      name: journals.name,
      currency: journals.currency,
      accountNumber: bankAccounts.accountNumber,
      bankName: bankAccounts.bankName,
      bic: bankAccounts.bic,
    })
    .from(journals)
    .leftJoin(bankAccounts, eq(bankAccounts.id, journals.bankAccountId))
    .where(and(eq(journals.id, journalId), eq(journals.companyId, actor.companyId)));
  if (!journal) throw new NotFoundError("Journal");
  return journal;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export type JournalCard = Journal & {
  balanceMinor: bigint;
  lastLineDate: string | null;
  toReconcile: number;
  /** End-of-day balance for each of the last 30 days, oldest first, ending today. */
  balanceHistory: { date: string; balanceMinor: bigint }[];
};

export const CHART_DAYS = 30;

/** Everything the Accounting Dashboard shows, in three queries whatever the number of journals. */
export async function listJournalCards(db: Db, actor: Actor, today: string): Promise<JournalCard[]> {
  const chartStart = addDays(today, -(CHART_DAYS - 1));
  const [rows, totals, recent] = await Promise.all([
    db
      .select({
        id: journals.id,
        name: journals.name,
        currency: journals.currency,
        accountNumber: bankAccounts.accountNumber,
        bankName: bankAccounts.bankName,
        bic: bankAccounts.bic,
      })
      .from(journals)
      .leftJoin(bankAccounts, eq(bankAccounts.id, journals.bankAccountId))
      .where(eq(journals.companyId, actor.companyId))
      .orderBy(asc(journals.createdAt), asc(journals.name)),
    db
      .select({
        journalId: statementLines.journalId,
        balance: sum(statementLines.amountMinor).mapWith(BigInt),
        lastDate: max(statementLines.date),
        toReconcile: sql<number>`count(*) filter (where not ${statementLines.reconciled})`.mapWith(Number),
      })
      .from(statementLines)
      .where(eq(statementLines.companyId, actor.companyId))
      .groupBy(statementLines.journalId),
    db
      .select({
        journalId: statementLines.journalId,
        date: statementLines.date,
        amount: sum(statementLines.amountMinor).mapWith(BigInt),
      })
      .from(statementLines)
      .where(and(eq(statementLines.companyId, actor.companyId), gt(statementLines.date, addDays(chartStart, -1))))
      .groupBy(statementLines.journalId, statementLines.date),
  ]);

  const totalsBy = new Map(totals.map((t) => [t.journalId, t]));
  return rows.map((journal) => {
    const total = totalsBy.get(journal.id);
    const balanceMinor = total?.balance ?? 0n;
    const daily = new Map(recent.filter((r) => r.journalId === journal.id).map((r) => [r.date, r.amount]));
    return {
      ...journal,
      balanceMinor,
      lastLineDate: total?.lastDate ?? null,
      toReconcile: total?.toReconcile ?? 0,
      balanceHistory: balanceHistory(balanceMinor, daily, today),
    };
  });
}

/**
 * End-of-day balances of the CHART_DAYS days ending today, walking back from the current balance
 * (which includes any lines dated after today).
 */
export function balanceHistory(currentBalance: bigint, dailyMovements: Map<string, bigint>, today: string) {
  let afterToday = 0n;
  for (const [date, amount] of dailyMovements) if (date > today) afterToday += amount;
  const points: { date: string; balanceMinor: bigint }[] = [];
  let balance = currentBalance - afterToday;
  for (let i = 0; i < CHART_DAYS; i++) {
    const date = addDays(today, -i);
    points.push({ date, balanceMinor: balance });
    balance -= dailyMovements.get(date) ?? 0n;
  }
  return points.reverse();
}

export type StatementLineRow = {
  id: string;
  date: string;
  label: string;
  partnerName: string | null;
  amountMinor: bigint;
  currency: string;
  source: "online" | "manual" | "file";
  reconciled: boolean;
  possibleDuplicate: boolean;
  runningBalanceMinor: bigint;
};

export type StatementLinePage = { lines: StatementLineRow[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * One page of a journal's lines, newest first, each with the balance after it. The running balance
 * is one indexed sum up to the page's oldest line, so any page costs the same with 100 or 100,000 lines.
 */
export async function listStatementLines(
  db: Db,
  actor: Actor,
  journalId: string,
  options: { page: number; pageSize: number },
): Promise<StatementLinePage> {
  await getJournal(db, actor, journalId);
  const [{ total } = { total: 0 }] = await db
    .select({ total: count().mapWith(Number) })
    .from(statementLines)
    .where(eq(statementLines.journalId, journalId));
  const pageCount = Math.max(1, Math.ceil(total / options.pageSize));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const rows = await db
    .select({
      id: statementLines.id,
      date: statementLines.date,
      label: statementLines.label,
      partnerName: statementLines.partnerName,
      amountMinor: statementLines.amountMinor,
      currency: statementLines.currency,
      source: statementLines.source,
      reconciled: statementLines.reconciled,
      possibleDuplicate: statementLines.possibleDuplicate,
      sequence: statementLines.sequence,
    })
    .from(statementLines)
    .where(eq(statementLines.journalId, journalId))
    .orderBy(desc(statementLines.date), desc(statementLines.sequence))
    .limit(options.pageSize)
    .offset((page - 1) * options.pageSize);
  const oldest = rows.at(-1);
  let balance = 0n;
  if (oldest) {
    const [upTo] = await db
      .select({ balance: sum(statementLines.amountMinor).mapWith(BigInt) })
      .from(statementLines)
      .where(
        and(
          eq(statementLines.journalId, journalId),
          sql`(${statementLines.date}, ${statementLines.sequence}) <= (${oldest.date}, ${oldest.sequence})`,
        ),
      );
    balance = upTo?.balance ?? 0n;
  }
  // Walk from the oldest line of the page up to the newest.
  const lines: StatementLineRow[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const { sequence: _sequence, ...row } = rows[i]!;
    if (i !== rows.length - 1) balance += row.amountMinor;
    lines.unshift({ ...row, runningBalanceMinor: balance });
  }
  return { lines, total, page, pageSize: options.pageSize, pageCount };
}
