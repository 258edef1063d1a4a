import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, journalDays, journals, journalTotals, ledgerAccounts, statementLines } from "@/db/schema";
import { addDays } from "@/lib/dates";
import type { Actor } from "./actor";
import { NotFoundError } from "./errors";
import { listJournalLinks, type JournalLink } from "./journal-links";

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
  /** The bank feeding the journal, null when it is not synchronized. */
  link: JournalLink | null;
};

export const CHART_DAYS = 30;

/**
 * Everything the Accounting Dashboard shows, in one row per journal from the per-journal and per-day
 * totals: the cost grows with journals (and the chart's days), not with lines or years of history.
 */
export async function listJournalCards(db: Db, actor: Actor, today: string): Promise<JournalCard[]> {
  const chartStart = addDays(today, -(CHART_DAYS - 1));
  const [rows, links] = await Promise.all([
    db
      .select({
        id: journals.id,
        name: journals.name,
        currency: journals.currency,
        accountNumber: bankAccounts.accountNumber,
        bankName: bankAccounts.bankName,
        bic: bankAccounts.bic,
        balance: journalTotals.amountMinor,
        toReconcile: journalTotals.unreconciledCount,
        // The newest day from the end of the (journal, date) key: one index probe per journal.
        lastDate: sql<string | null>`(select max(${journalDays.date}) from ${journalDays} where ${journalDays.journalId} = ${journals.id})`,
        // The chart's days as one value per journal: a row per day costs far more to read on PGlite.
        recent: sql<[string, string][] | string>`(select coalesce(json_agg(json_build_array(${journalDays.date}, ${journalDays.amountMinor}::text)), '[]')
          from ${journalDays} where ${journalDays.journalId} = ${journals.id} and ${journalDays.date} >= ${chartStart})`,
      })
      .from(journals)
      .leftJoin(bankAccounts, eq(bankAccounts.id, journals.bankAccountId))
      .leftJoin(journalTotals, eq(journalTotals.journalId, journals.id))
      .where(eq(journals.companyId, actor.companyId))
      .orderBy(asc(journals.createdAt), asc(journals.name)),
    listJournalLinks(db, actor.companyId),
  ]);
  return rows.map(({ balance, toReconcile, lastDate, recent, ...journal }) => {
    const balanceMinor = balance ?? 0n;
    // PGlite hands json over parsed; postgres.js too, unless configured otherwise: take either.
    const days = typeof recent === "string" ? (JSON.parse(recent) as [string, string][]) : recent;
    const daily = new Map(days.map(([date, amount]) => [date, BigInt(amount)]));
    return {
      ...journal,
      balanceMinor,
      lastLineDate: lastDate,
      toReconcile: toReconcile ?? 0,
      balanceHistory: balanceHistory(balanceMinor, daily, today),
      link: links.get(journal.id) ?? null,
    };
  });
}

let lastChart: { today: string; dates: string[] } | undefined;

/** The chart's days, newest first; the same for every card of a dashboard, so worked out once. */
function chartDates(today: string): string[] {
  if (lastChart?.today !== today) lastChart = { today, dates: Array.from({ length: CHART_DAYS }, (_, i) => addDays(today, -i)) };
  return lastChart.dates;
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
  const dates = chartDates(today);
  for (let i = 0; i < CHART_DAYS; i++) {
    const date = dates[i]!;
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
  /** Set once reconciled: the counterpart account, and the entry's partner and label. */
  reconciledAccount: { code: string; name: string } | null;
  reconciledPartner: string | null;
  reconciledLabel: string | null;
  runningBalanceMinor: bigint;
};

/** The columns of a statement line the journal view shows; select from statement_lines left-joined to ledger_accounts. */
export const statementLineColumns = {
  id: statementLines.id,
  date: statementLines.date,
  label: statementLines.label,
  partnerName: statementLines.partnerName,
  amountMinor: statementLines.amountMinor,
  currency: statementLines.currency,
  source: statementLines.source,
  reconciled: statementLines.reconciled,
  possibleDuplicate: statementLines.possibleDuplicate,
  reconciledPartner: statementLines.reconciledPartner,
  reconciledLabel: statementLines.reconciledLabel,
  accountCode: ledgerAccounts.code,
  accountName: ledgerAccounts.name,
  sequence: statementLines.sequence,
};

/** A row selected with statementLineColumns. */
export type SelectedLine = Omit<StatementLineRow, "reconciledAccount" | "runningBalanceMinor"> & {
  accountCode: string | null;
  accountName: string | null;
  sequence: bigint | null;
};

/** A selected row as the view shows it, without its running balance (which only the unfiltered pages have). */
export function statementLine({ accountCode, accountName, sequence: _sequence, ...row }: SelectedLine): Omit<StatementLineRow, "runningBalanceMinor"> {
  return { ...row, reconciledAccount: accountCode !== null && accountName !== null ? { code: accountCode, name: accountName } : null };
}

export type StatementLinePage = { lines: StatementLineRow[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * One page of a journal's lines, newest first, each with the balance after it. The per-day totals
 * place the page and give the balance before it, so any page of any journal costs about the same:
 * O(days) for the totals plus one page read from the (journal, date, sequence) index.
 */
export async function listStatementLines(
  db: Db,
  actor: Actor,
  journalId: string,
  options: { page: number; pageSize: number },
): Promise<StatementLinePage> {
  await getJournal(db, actor, journalId);
  const [totals] = await db.select({ total: journalTotals.lineCount }).from(journalTotals).where(eq(journalTotals.journalId, journalId));
  const total = totals?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / options.pageSize));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const offset = (page - 1) * options.pageSize;
  if (total === 0) return { lines: [], total, page, pageSize: options.pageSize, pageCount };

  // The newest day the page starts in, and how many lines of newer days come before the page,
  // found in the database so only one row crosses over.
  const newerIncluding = sql<number>`sum(${journalDays.lineCount}) over (order by ${journalDays.date} desc)`;
  const placed = db
    .select({ date: journalDays.date, lineCount: journalDays.lineCount, newerIncluding: newerIncluding.as("newer_including") })
    .from(journalDays)
    .where(eq(journalDays.journalId, journalId))
    .as("placed");
  const [start] = await db
    .select({
      date: placed.date,
      before: sql<number>`${placed.newerIncluding} - ${placed.lineCount}`.mapWith(Number),
      // The oldest day the page reaches: the newest day whose running count covers the page's last line
      // (none on the last page).
      endDay: sql<string | null>`(select max(p2.date) from (select ${journalDays.date} as date,
        sum(${journalDays.lineCount}) over (order by ${journalDays.date} desc) as newer_including
        from ${journalDays} where ${journalDays.journalId} = ${journalId}) p2
        where p2.newer_including >= ${offset + options.pageSize})`,
    })
    .from(placed)
    .where(sql`${placed.newerIncluding} > ${offset}`)
    .orderBy(desc(placed.date))
    .limit(1);
  if (!start) return { lines: [], total, page, pageSize: options.pageSize, pageCount };
  const startDay = start.date;
  const before = start.before;

  const rows = await db
    .select(statementLineColumns)
    .from(statementLines)
    .leftJoin(ledgerAccounts, eq(ledgerAccounts.id, statementLines.reconciledAccountId))
    // Bounded on both sides, so the index range is the page's days whatever plan the parameters get.
    .where(
      and(
        eq(statementLines.journalId, journalId),
        lte(statementLines.date, startDay),
        start.endDay ? gte(statementLines.date, start.endDay) : undefined,
      ),
    )
    .orderBy(desc(statementLines.date), desc(statementLines.sequence))
    .limit(options.pageSize)
    .offset(offset - before);

  const oldest = rows.at(-1);
  if (!oldest) return { lines: [], total, page, pageSize: options.pageSize, pageCount };
  // Balance after the page's oldest line: every earlier day, plus that day's lines up to it.
  const [upTo] = await db
    .select({
      earlierDays: sql<string>`coalesce((select sum(${journalDays.amountMinor}) from ${journalDays}
        where ${journalDays.journalId} = ${journalId} and ${journalDays.date} < ${oldest.date}), 0)`.mapWith(BigInt),
      sameDay: sql<string>`coalesce(sum(${statementLines.amountMinor}), 0)`.mapWith(BigInt),
    })
    .from(statementLines)
    .where(
      and(
        eq(statementLines.journalId, journalId),
        eq(statementLines.date, oldest.date),
        lte(statementLines.sequence, oldest.sequence!),
      ),
    );
  let balance = (upTo?.earlierDays ?? 0n) + (upTo?.sameDay ?? 0n);
  const lines: StatementLineRow[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (i !== rows.length - 1) balance += row.amountMinor;
    lines.unshift({ ...statementLine(row), runningBalanceMinor: balance });
  }
  return { lines, total, page, pageSize: options.pageSize, pageCount };
}

/** How many lines of one of the actor's journals are flagged as possible duplicates (the view's banner). */
export async function countPossibleDuplicates(db: Db, actor: Actor, journalId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(statementLines)
    .innerJoin(journals, eq(journals.id, statementLines.journalId))
    .where(and(eq(statementLines.journalId, journalId), eq(journals.companyId, actor.companyId), eq(statementLines.possibleDuplicate, true)));
  return row?.n ?? 0;
}
