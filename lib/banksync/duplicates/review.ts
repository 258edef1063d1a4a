import { and, asc, desc, eq, gte, inArray, isNotNull, min, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { statementLines } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { assertCanWrite, type Actor } from "../actor";
import { LockDateError, NotFoundError, ValidationError } from "../errors";
import { getJournal, isUuid } from "../journals";
import { assertNotLocked, isLocked, isLockDateViolation, lockDateOf } from "../lock-date";
import { rememberDeletedLines } from "../deleted-online";
import { groupLookAlikes, isShown } from "./groups";

export type DuplicateLine = {
  id: string;
  date: string;
  label: string;
  partnerName: string | null;
  counterpartAccount: string | null;
  amountMinor: bigint;
  currency: string;
  source: "online" | "manual" | "file";
  onlineTransactionId: string | null;
  possibleDuplicate: boolean;
  duplicateDismissed: boolean;
  reconciled: boolean;
  /** On or before the company's lock date: it can be neither deleted nor changed. */
  locked: boolean;
};

export type DuplicateGroup = { date: string; amountMinor: bigint; currency: string; lines: DuplicateLine[] };

/**
 * The review's default start: the oldest date among the lines of the journal's latest import (the
 * import that brought the line inserted last), so a fresh sync's look-alikes are all in view. Null
 * when nothing was ever imported into the journal.
 */
export async function defaultDuplicateSince(db: Db, actor: Actor, journalId: string): Promise<string | null> {
  const journal = await getJournal(db, actor, journalId);
  const [latest] = await db
    .select({ importId: statementLines.importId })
    .from(statementLines)
    .where(and(eq(statementLines.journalId, journal.id), isNotNull(statementLines.importId)))
    .orderBy(desc(statementLines.sequence))
    .limit(1);
  if (!latest?.importId) return null;
  const [oldest] = await db
    .select({ date: min(statementLines.date) })
    .from(statementLines)
    .where(and(eq(statementLines.journalId, journal.id), eq(statementLines.importId, latest.importId)));
  return oldest?.date ?? null;
}

/**
 * The groups of look-alike lines dated on or after `since`, newest first, each line oldest-inserted
 * first. A group is shown when at least one of its lines has not been marked "Not a duplicate".
 * The database keeps only lines that share a date, currency and amount (or an online id) with
 * another one, so a long period costs one indexed range read, not every line in memory.
 */
export async function findDuplicateGroups(db: Db, actor: Actor, journalId: string, since: string): Promise<DuplicateGroup[]> {
  const journal = await getJournal(db, actor, journalId);
  const candidates = db
    .select({
      id: statementLines.id,
      date: statementLines.date,
      label: statementLines.label,
      partnerName: statementLines.partnerName,
      counterpartAccount: statementLines.counterpartAccount,
      amountMinor: statementLines.amountMinor,
      currency: statementLines.currency,
      source: statementLines.source,
      onlineTransactionId: statementLines.onlineTransactionId,
      possibleDuplicate: statementLines.possibleDuplicate,
      duplicateDismissed: statementLines.duplicateDismissed,
      reconciled: statementLines.reconciled,
      sequence: statementLines.sequence,
      sameAmount: sql<number>`count(*) over (partition by ${statementLines.date}, ${statementLines.currency}, ${statementLines.amountMinor})`.as("same_amount"),
      sameId: sql<number>`count(${statementLines.onlineTransactionId}) over (partition by ${statementLines.onlineTransactionId})`.as("same_id"),
    })
    .from(statementLines)
    .where(and(eq(statementLines.journalId, journal.id), eq(statementLines.companyId, actor.companyId), gte(statementLines.date, since)))
    .as("candidates");
  const [rows, lockDate] = await Promise.all([
    db
      .select()
      .from(candidates)
      .where(sql`${candidates.sameAmount} > 1 or ${candidates.sameId} > 1`)
      .orderBy(asc(candidates.date), asc(candidates.sequence)),
    lockDateOf(db, actor.companyId),
  ]);
  const lines: DuplicateLine[] = rows.map(({ sequence: _sequence, sameAmount: _sameAmount, sameId: _sameId, ...line }) => ({
    ...line,
    locked: isLocked(line.date, lockDate),
  }));
  return groupLookAlikes(lines)
    .filter(isShown)
    .map((group) => ({ date: group[0]!.date, amountMinor: group[0]!.amountMinor, currency: group[0]!.currency, lines: group }));
}

type Chosen = { id: string; date: string; reconciled: boolean };

/** The chosen lines of the journal, locked for the transaction; an id that is not one of them is not found. */
async function chosenLines(tx: Tx, actor: Actor, journalId: string, lineIds: string[], nothingChosen: Message): Promise<Chosen[]> {
  const ids = [...new Set(lineIds)];
  if (ids.length === 0) throw new ValidationError({ lines: [nothingChosen] });
  if (!ids.every(isUuid)) throw new NotFoundError("Statement line");
  const lines = await tx
    .select({
      id: statementLines.id,
      date: statementLines.date,
      reconciled: statementLines.reconciled,
    })
    .from(statementLines)
    .where(and(inArray(statementLines.id, ids), eq(statementLines.journalId, journalId), eq(statementLines.companyId, actor.companyId)))
    .for("update");
  if (lines.length !== ids.length) throw new NotFoundError("Statement line");
  return lines;
}

/** The oldest chosen line against the lock date: the message names the lock before the trigger refuses. */
async function assertOpen(tx: Tx, actor: Actor, lines: Chosen[]): Promise<void> {
  const oldest = lines.reduce((first, line) => (line.date < first ? line.date : first), lines[0]!.date);
  assertNotLocked(oldest, await lockDateOf(tx, actor.companyId));
}

/**
 * One transaction; the trigger's refusal (a lock date set concurrently, after the check) surfaces as
 * the domain's error once the transaction is rolled back.
 */
async function inTransaction<T>(db: Db, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (!isLockDateViolation(error)) throw error;
    const lockDate = await lockDateOf(db, actor.companyId);
    if (!lockDate) throw error;
    throw new LockDateError(lockDate, lockDate);
  }
}

/**
 * "Delete Selected": deletes the chosen lines of the journal in one transaction, or none of them when
 * any is reconciled or in the locked period. The lines left on those days lose their "possible
 * duplicate" flag when no look-alike remains, so the view's banner counts only what is still doubtful.
 */
export async function deleteDuplicateLines(db: Db, actor: Actor, journalId: string, lineIds: string[]): Promise<{ deleted: number }> {
  assertCanWrite(actor);
  const journal = await getJournal(db, actor, journalId);
  return inTransaction(db, actor, async (tx) => {
    const lines = await chosenLines(tx, actor, journal.id, lineIds, message("Duplicates.errors.selectToDelete"));
    if (lines.some((line) => line.reconciled)) {
      throw new ValidationError({ lines: [message("Duplicates.errors.reconciledCannotBeDeleted")] });
    }
    await assertOpen(tx, actor, lines);
    const ids = lines.map((line) => line.id);
    const removed = await tx
      .delete(statementLines)
      .where(and(inArray(statementLines.id, ids), eq(statementLines.companyId, actor.companyId)))
      .returning({ journalId: statementLines.journalId, onlineTransactionId: statementLines.onlineTransactionId });
    await rememberDeletedLines(tx, removed, actor.userId);
    await clearLoneFlags(tx, journal.id, [...new Set(lines.map((line) => line.date))]);
    return { deleted: lines.length };
  });
}

/** Flagged lines of those days with no look-alike left in the journal (a look-alike shares the date). */
async function clearLoneFlags(tx: Tx, journalId: string, dates: string[]): Promise<void> {
  const remaining = await tx
    .select({
      id: statementLines.id,
      date: statementLines.date,
      amountMinor: statementLines.amountMinor,
      currency: statementLines.currency,
      counterpartAccount: statementLines.counterpartAccount,
      onlineTransactionId: statementLines.onlineTransactionId,
      possibleDuplicate: statementLines.possibleDuplicate,
    })
    .from(statementLines)
    .where(and(eq(statementLines.journalId, journalId), inArray(statementLines.date, dates)));
  const stillAlike = new Set(groupLookAlikes(remaining).flatMap((group) => group.map((line) => line.id)));
  const lone = remaining.filter((line) => line.possibleDuplicate && !stillAlike.has(line.id)).map((line) => line.id);
  if (lone.length > 0) await tx.update(statementLines).set({ possibleDuplicate: false }).where(inArray(statementLines.id, lone));
}

/**
 * "Not a duplicate": the group's lines lose their flag and are marked dismissed, so the review does not
 * show the group again until a new look-alike arrives. A line in the locked period cannot change, so
 * such a group is refused with the lock date rather than half-dismissed.
 */
export async function dismissDuplicateGroup(db: Db, actor: Actor, journalId: string, lineIds: string[]): Promise<{ dismissed: number }> {
  assertCanWrite(actor);
  const journal = await getJournal(db, actor, journalId);
  return inTransaction(db, actor, async (tx) => {
    const lines = await chosenLines(tx, actor, journal.id, lineIds, message("Duplicates.errors.chooseGroup"));
    await assertOpen(tx, actor, lines);
    const ids = lines.map((line) => line.id);
    await tx
      .update(statementLines)
      .set({ possibleDuplicate: false, duplicateDismissed: true })
      .where(and(inArray(statementLines.id, ids), eq(statementLines.companyId, actor.companyId)));
    return { dismissed: lines.length };
  });
}
