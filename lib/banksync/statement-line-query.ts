import { and, desc, eq, inArray, not, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { journalTotals, ledgerAccounts, statementLines } from "@/db/schema";
import { parseAmount, type AmountFormat } from "@/lib/money";
import type { Actor } from "./actor";
import { getJournal, listStatementLines, statementLine, statementLineColumns, type StatementLineRow } from "./journals";

/** The journal view's filters; "to-reconcile" is where the accountant works, so it comes first and is the default. */
export const lineFilters = ["to-reconcile", "all", "possible-duplicates"] as const;
export type LineFilter = (typeof lineFilters)[number];

export type StatementLineQuery = {
  filter: LineFilter;
  /** Matches the label or partner (the bank's or the reconciled one), or the amount when it reads as one. */
  search?: string;
  page: number;
  pageSize: number;
  /** How the user writes amounts, so "12,50" finds 12.50 in a German or French locale. */
  amountFormat?: AmountFormat;
};

/** A line of the view; the running balance only exists on the unfiltered, unsearched pages. */
export type JournalViewLine = Omit<StatementLineRow, "runningBalanceMinor"> & { runningBalanceMinor: bigint | null };

export type JournalView = {
  lines: JournalViewLine[];
  /** How many lines match the filter and search, and their sum. */
  matching: number;
  matchingMinor: bigint;
  page: number;
  pageSize: number;
  pageCount: number;
  /** Whether the lines carry their running balance. */
  runningBalance: boolean;
  /** How many lines each filter holds (without the search). */
  counts: Record<LineFilter, number>;
  /** The journal's balance: the sum of all its lines. */
  balanceMinor: bigint;
};

/**
 * One page of the journal view. The counts, the balance and "To reconcile"'s sum come from the
 * journal's totals. "All" without a search keeps the per-day fast path with running balances; a
 * filter or a search reads statement_lines directly (the filters' partial indexes, in the view's
 * order, give a page without reading the rest), without balances, which would not add up over a subset.
 */
export async function queryStatementLines(db: Db, actor: Actor, journalId: string, query: StatementLineQuery): Promise<JournalView> {
  const journal = await getJournal(db, actor, journalId);
  const search = query.search?.trim() || undefined;
  const [totals] = await db.select().from(journalTotals).where(eq(journalTotals.journalId, journal.id));
  const counts: Record<LineFilter, number> = {
    "to-reconcile": totals?.unreconciledCount ?? 0,
    all: totals?.lineCount ?? 0,
    "possible-duplicates": totals?.possibleDuplicateCount ?? 0,
  };
  const balanceMinor = totals?.amountMinor ?? 0n;

  if (query.filter === "all" && !search) {
    const { lines, page, pageSize, pageCount } = await listStatementLines(db, actor, journal.id, { page: query.page, pageSize: query.pageSize });
    return { lines, matching: counts.all, matchingMinor: balanceMinor, page, pageSize, pageCount, runningBalance: true, counts, balanceMinor };
  }

  const where = and(
    eq(statementLines.journalId, journal.id),
    filterCondition(query.filter),
    search ? searchCondition(search, journal.currency, query.amountFormat) : undefined,
  );
  // Without a search the journal's totals already hold the filter's count and (for "To reconcile") its sum.
  const [aggregate] =
    search || query.filter !== "to-reconcile"
      ? await db
          .select({ n: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${statementLines.amountMinor}), 0)::text`.mapWith(BigInt) })
          .from(statementLines)
          .where(where)
      : [{ n: counts["to-reconcile"], sum: totals?.unreconciledMinor ?? 0n }];
  const matching = aggregate?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(matching / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const rows =
    matching === 0
      ? []
      : await db
          .select(statementLineColumns)
          .from(statementLines)
          .leftJoin(ledgerAccounts, eq(ledgerAccounts.id, statementLines.reconciledAccountId))
          .where(where)
          .orderBy(desc(statementLines.date), desc(statementLines.sequence))
          .limit(query.pageSize)
          .offset((page - 1) * query.pageSize);
  return {
    lines: rows.map((row) => ({ ...statementLine(row), runningBalanceMinor: null })),
    matching,
    matchingMinor: aggregate?.sum ?? 0n,
    page,
    pageSize: query.pageSize,
    pageCount,
    runningBalance: false,
    counts,
    balanceMinor,
  };
}

function filterCondition(filter: LineFilter): SQL | undefined {
  if (filter === "to-reconcile") return not(statementLines.reconciled);
  if (filter === "possible-duplicates") return eq(statementLines.possibleDuplicate, true);
  return undefined;
}

/** Text anywhere in a label or partner, case-insensitive, taken literally; or the amount, either sign. */
function searchCondition(search: string, currency: string, amountFormat?: AmountFormat): SQL {
  const pattern = `%${escapeLike(search)}%`;
  const amount = parseAmount(search, currency, amountFormat);
  const texts = [statementLines.label, statementLines.partnerName, statementLines.reconciledLabel, statementLines.reconciledPartner].map(
    (column) => sql`${column} ilike ${pattern} escape '\\'`,
  );
  const amounts = amount.ok && amount.minor !== 0n ? [inArray(statementLines.amountMinor, [amount.minor, -amount.minor])] : [];
  return or(...texts, ...amounts)!;
}

/** LIKE's wildcards and its escape character, matched as themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
