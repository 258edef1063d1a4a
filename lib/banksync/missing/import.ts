import { and, eq } from "drizzle-orm";
import { missingFetches, onlineAccounts, syncRuns } from "@/db/schema";
import { message } from "@/i18n/message";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import { LockDateError, ValidationError } from "../errors";
import { isUuid } from "../journals";
import { isLockDateViolation, isLocked, lockDateOf } from "../lock-date";
import { importPage, type ImportCounts } from "../sync/import-page";
import type { SyncDeps } from "../sync/deps";
import { connectedAccountOf } from "./connected-account";
import { MISSING_FETCH_LIFETIME_MS } from "./find";
import { fromStored } from "./stored";

export type ImportMissingDeps = Pick<SyncDeps, "db" | "clock">;

export type MissingImport = ImportCounts & { runId: string };

export const FETCH_GONE_MESSAGE = message("FindMissing.refusals.fetchGone");

/**
 * "Import Transactions": the selected posted transactions of a Find Missing Transactions answer go
 * through the synchronization's own import path (dedup by online id, possible-duplicate flags), all
 * or nothing as far as the rules go: one pending, unknown or locked selection refuses the whole
 * import. Recorded as a sync run ("missing") and in the connection's log.
 */
export async function importMissingTransactions(
  deps: ImportMissingDeps,
  actor: Actor,
  journalId: string,
  fetchId: string,
  ids: string[],
): Promise<MissingImport> {
  assertCanWrite(actor);
  const { db, clock } = deps;
  const account = await connectedAccountOf(db, actor, journalId, { askable: false });
  const gone = () => new ValidationError({ fetchId: [FETCH_GONE_MESSAGE] });
  if (!isUuid(fetchId)) throw gone();
  const [fetch] = await db
    .select()
    .from(missingFetches)
    .where(and(eq(missingFetches.id, fetchId), eq(missingFetches.journalId, journalId), eq(missingFetches.companyId, actor.companyId)));
  if (!fetch || clock.now().getTime() - fetch.createdAt.getTime() > MISSING_FETCH_LIFETIME_MS) throw gone();

  const wanted = [...new Set(ids)];
  if (wanted.length === 0) throw new ValidationError({ ids: [message("FindMissing.refusals.selectToImport")] });
  const listed = new Map(fromStored(fetch.transactions).map((t) => [t.externalId, t]));
  const chosen = wanted.map((id) => listed.get(id));
  if (chosen.some((t) => t === undefined)) throw new ValidationError({ ids: [message("FindMissing.refusals.notInList")] });
  const selected = chosen.filter((t) => t !== undefined);
  if (selected.some((t) => t.status !== "posted")) throw new ValidationError({ ids: [message("FindMissing.refusals.pendingRefused")] });
  const locked = selected.filter((t) => isLocked(t.date, account.lockDate)).sort((a, b) => (a.date < b.date ? -1 : 1))[0];
  if (locked) throw new LockDateError(locked.date, account.lockDate!);

  const started = clock.now();
  let counts: ImportCounts;
  try {
    counts = await importPage(
      db,
      { companyId: actor.companyId, journalId, onlineAccountId: account.onlineAccountId, from: fetch.since, lockDate: account.lockDate, importId: fetch.id, reimportDeleted: true },
      { transactions: selected, removedExternalIds: [], cursor: null },
    );
  } catch (error) {
    // The lock date moved between the check and the write: the database refused the page as a whole.
    if (!isLockDateViolation(error)) throw error;
    const lockDate = (await lockDateOf(db, actor.companyId)) ?? selected[0]!.date;
    throw new LockDateError(selected.find((t) => isLocked(t.date, lockDate))?.date ?? selected[0]!.date, lockDate);
  }

  const finished = clock.now();
  const runId = await db.transaction(async (tx) => {
    const [run] = await tx
      .insert(syncRuns)
      .values({
        companyId: actor.companyId,
        connectionId: account.connectionId,
        trigger: "missing",
        status: "succeeded",
        ...counts,
        requestedBy: actor.userId,
        queuedAt: started,
        startedAt: started,
        finishedAt: finished,
      })
      .returning({ id: syncRuns.id });
    // The journal's card counts what this import brought, as it does for a synchronization.
    await tx
      .update(onlineAccounts)
      .set({ lastRunId: run!.id, lastRunFetched: counts.fetched, lastRunImported: counts.imported })
      .where(eq(onlineAccounts.id, account.onlineAccountId));
    await logConnectionMessage(tx, {
      companyId: actor.companyId,
      connectionId: account.connectionId,
      text: message("FindMissing.log.imported", { imported: counts.imported, known: counts.skippedKnown, flagged: counts.flagged, since: fetch.since }),
      authorId: actor.userId,
      at: finished,
    });
    return run!.id;
  });
  return { ...counts, runId };
}
