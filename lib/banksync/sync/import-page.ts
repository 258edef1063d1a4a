import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { onlineAccounts, statementLines } from "@/db/schema";
import type { NormalizedTransaction, TransactionPage } from "../providers/types";
import { deletedOnlineIds, forgetDeletedLines } from "../deleted-online";
import { findPossibleDuplicates } from "./duplicates";
import { assertStillLinked } from "./link-guard";

/** Where a page of one online account's transactions goes. */
export type ImportTarget = {
  companyId: string;
  journalId: string;
  /** The online account the page comes from; null for a statement file. */
  onlineAccountId: string | null;
  /** "file" for a statement file's lines; synchronized ones are "online". */
  source?: "online" | "file";
  /** Nothing older is imported (the window's start). */
  from: string;
  /** Nothing on or before it is imported. */
  lockDate: string | null;
  /** The run or import the lines come with ("the latest import" of the duplicate review). */
  importId: string | null;
  /**
   * A transaction whose line the user deleted is skipped (the overlap must not bring a deleted
   * duplicate back), unless it is imported on purpose (Find Missing Transactions).
   */
  reimportDeleted?: boolean;
};

export type ImportCounts = { fetched: number; imported: number; skippedKnown: number; flagged: number; pendingSeen: number };

export const noCounts = (): ImportCounts => ({ fetched: 0, imported: 0, skippedKnown: 0, flagged: 0, pendingSeen: 0 });

export function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    fetched: a.fetched + b.fetched,
    imported: a.imported + b.imported,
    skippedKnown: a.skippedKnown + b.skippedKnown,
    flagged: a.flagged + b.flagged,
    pendingSeen: a.pendingSeen + b.pendingSeen,
  };
}

/** Rows per INSERT: 11 parameters a row stays far below PostgreSQL's 65,535. */
const INSERT_CHUNK = 1_000;

/** The posted transactions of a page worth importing: in the window, after the lock date, each id once. */
function importable(page: TransactionPage, target: ImportTarget): NormalizedTransaction[] {
  const seen = new Set<string>();
  return page.transactions.filter((t) => {
    if (t.status !== "posted" || t.date < target.from || (target.lockDate !== null && t.date <= target.lockDate)) return false;
    if (seen.has(t.externalId)) return false;
    seen.add(t.externalId);
    return true;
  });
}

/** What a page brings before anything is written: its posted and pending rows. */
function seenCounts(page: TransactionPage): ImportCounts {
  const posted = page.transactions.filter((t) => t.status === "posted").length;
  return { ...noCounts(), fetched: posted, pendingSeen: page.transactions.length - posted };
}

/**
 * The counts of a page with nothing to write, or null when it has something: a posted transaction
 * to import or a cursor to store. Such a page (older than the window, only pending rows) needs no
 * transaction: importPage would write nothing and its lines are not read.
 */
export function nothingToWrite(page: TransactionPage, target: ImportTarget): ImportCounts | null {
  return page.cursor === null && importable(page, target).length === 0 ? seenCounts(page) : null;
}

/**
 * One page, in one database transaction (DESIGN.md §4, step 4): inserts the lines new by (journal,
 * online id), flags possible duplicates on both sides, and stores the provider's cursor. A crash
 * before the commit leaves nothing of the page; after it, the next run skips what it holds.
 * `progress` runs in the same transaction with the page's counts (a run's progress lands with its page).
 */
export async function importPage(db: Db, target: ImportTarget, page: TransactionPage, progress?: (tx: Tx, counts: ImportCounts) => Promise<void>): Promise<ImportCounts> {
  return db.transaction(async (tx) => {
    const counts = await importPageWithin(tx, target, page);
    await progress?.(tx, counts);
    return counts;
  });
}

/**
 * importPage inside the caller's transaction, without a savepoint of its own: a statement file's
 * pages all go into one transaction, and past 64 subtransactions PostgreSQL's visibility checks slow
 * down with every row written.
 */
export async function importPageWithin(tx: Db | Tx, target: ImportTarget, page: TransactionPage): Promise<ImportCounts> {
  // A connection or journal deleted while the run paged through the provider gets no line.
  if (target.onlineAccountId !== null) await assertStillLinked(tx, { companyId: target.companyId, journalId: target.journalId, onlineAccountId: target.onlineAccountId });
  const counts = seenCounts(page);
  const candidates = importable(page, target);

  // The journal's lines on the page's days: the ids it already holds (a transaction keeps its
  // booking date), and the lines a new one may duplicate. One query, bounded by the days.
  const dates = [...new Set(candidates.map((t) => t.date))];
  const sameDays =
    dates.length === 0
      ? []
      : await tx
          .select({
            id: statementLines.id,
            date: statementLines.date,
            amountMinor: statementLines.amountMinor,
            currency: statementLines.currency,
            counterpartAccount: statementLines.counterpartAccount,
            onlineTransactionId: statementLines.onlineTransactionId,
          })
          .from(statementLines)
          .where(and(eq(statementLines.journalId, target.journalId), inArray(statementLines.date, dates)));
  const known = new Set(sameDays.map((line) => line.onlineTransactionId));
  const deleted = await deletedOnlineIds(tx, target.journalId, candidates.filter((t) => !known.has(t.externalId)).map((t) => t.externalId));
  if (target.reimportDeleted) await forgetDeletedLines(tx, target.journalId, [...deleted]);
  else for (const id of deleted) known.add(id);
  const fresh = candidates.filter((t) => !known.has(t.externalId));
  counts.skippedKnown = candidates.length - fresh.length;

  if (fresh.length > 0) {
    const flags = findPossibleDuplicates(
      fresh.map((t) => ({ date: t.date, amountMinor: t.amountMinor, currency: t.currency, counterpartAccount: t.counterpartAccount, onlineTransactionId: t.externalId })),
      sameDays,
      // A statement file often leaves out the counterpart's number that the bank feed gives.
      { unknownAccountMatchesAny: target.source === "file" },
    );
    const rows = fresh.map((t, index) => ({
      companyId: target.companyId,
      journalId: target.journalId,
      date: t.date,
      amountMinor: t.amountMinor,
      currency: t.currency,
      label: t.description || t.partnerName || "Bank transaction",
      partnerName: t.partnerName,
      counterpartAccount: t.counterpartAccount,
      onlineTransactionId: t.externalId,
      onlineAccountId: target.onlineAccountId,
      rawPayload: t.raw ?? null,
      source: target.source ?? "online",
      possibleDuplicate: flags.incoming.has(index),
      importId: target.importId,
    }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await tx
        .insert(statementLines)
        .values(rows.slice(i, i + INSERT_CHUNK))
        // A concurrent run that got there first: its line stands, this one is skipped.
        .onConflictDoNothing({ target: [statementLines.journalId, statementLines.onlineTransactionId], where: isNotNull(statementLines.onlineTransactionId) })
        .returning({ possibleDuplicate: statementLines.possibleDuplicate });
      counts.imported += inserted.length;
      counts.skippedKnown += Math.min(INSERT_CHUNK, rows.length - i) - inserted.length;
      counts.flagged += inserted.filter((r) => r.possibleDuplicate).length;
    }
    if (flags.existing.size > 0) {
      await tx
        .update(statementLines)
        .set({ possibleDuplicate: true })
        .where(and(inArray(statementLines.id, [...flags.existing]), sql`not ${statementLines.possibleDuplicate}`));
    }
  }
  if (page.cursor !== null && target.onlineAccountId !== null) await tx.update(onlineAccounts).set({ cursor: page.cursor }).where(eq(onlineAccounts.id, target.onlineAccountId));
  return counts;
}
