import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { companies, connections, institutionProviders, onlineAccounts, syncRuns } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { isTransientDatabaseError } from "@/db/errors";
import { decryptJson } from "@/lib/crypto";
import { logger } from "@/lib/logger";
import { logConnectionMessage } from "../connection-log";
import { connectionStateNames, type ConnectionState } from "../connections/list";
import type { ConnectionSecret, ProviderId } from "../providers/types";
import { isProviderError } from "../providers/errors";
import { newSyncSession } from "../providers/session";
import { newErrorReference } from "../reference";
import { syncAccount, type AccountToSync } from "./account";
import { DEFAULT_HEARTBEAT_MS, staleAfterMs, SYNC_INTERVAL_MS, type SyncDeps } from "./deps";
import { addCounts, noCounts, type ImportCounts } from "./import-page";
import { LinkGoneError } from "./link-guard";
import { outcomeOf } from "./outcomes";

export type RunResult = { runId: string; status: "succeeded" | "failed" | "skipped"; counts: ImportCounts; error: string | null };

const triggerNames: Record<string, string> = {
  initial: "First synchronization",
  manual: "Fetch Transactions",
  scheduled: "Scheduled synchronization",
  missing: "Find Missing Transactions",
  update: "Synchronization after updating credentials",
};

/**
 * Runs one queued synchronization of a connection: every linked account in turn, each page committed
 * on its own, with a heartbeat while it runs. A provider error ends the run with a reference, written
 * to the run, the connection and its log; the connection's state follows DESIGN.md §4, step 5.
 */
export async function runSync(deps: SyncDeps, runId: string): Promise<RunResult> {
  const { db, clock } = deps;
  const now = clock.now();
  // Queued, or running but held by no one (its worker died): take it.
  const [run] = await db
    .update(syncRuns)
    .set({ status: "running", startedAt: now, heartbeatAt: now })
    .where(
      and(
        eq(syncRuns.id, runId),
        or(eq(syncRuns.status, "queued"), and(eq(syncRuns.status, "running"), lt(syncRuns.heartbeatAt, new Date(now.getTime() - staleAfterMs(deps))))),
      ),
    )
    .returning();
  if (!run) return { runId, status: "skipped", counts: noCounts(), error: null };

  const [connection] = await db
    .select({ connection: connections, lockDate: companies.lockEverythingDate, historyDays: institutionProviders.historyDays })
    .from(connections)
    .innerJoin(companies, eq(companies.id, connections.companyId))
    .leftJoin(institutionProviders, and(eq(institutionProviders.institutionId, connections.institutionId), eq(institutionProviders.provider, connections.provider)))
    .where(eq(connections.id, run.connectionId));
  if (!connection) return { runId, status: "skipped", counts: noCounts(), error: null };
  const c = connection.connection;
  const started = Date.now();
  let counts = noCounts();

  const beat = setInterval(() => {
    db.update(syncRuns)
      .set({ heartbeatAt: clock.now() })
      .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")))
      .catch((error: unknown) => logger.warn("sync heartbeat failed", { runId, error: String(error) }));
  }, deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);

  let notBefore: Date | null = null;
  try {
    const adapter = deps.adapters[c.provider as ProviderId];
    if (!adapter) throw new Error(`Provider ${c.provider} is not configured on this server`);
    if (c.state === "disconnected") throw new Error("The connection is disconnected");
    const secret = decryptJson(c.secret, c.id, deps.appSecret) as ConnectionSecret;
    // The linked accounts, each marked as waiting for its turn: read and marked in one statement.
    const accounts = (await db
      .update(onlineAccounts)
      .set({ fetchingStatus: "waiting", lastRunId: runId, lastRunFetched: 0, lastRunImported: 0 })
      .where(and(eq(onlineAccounts.connectionId, c.id), isNotNull(onlineAccounts.journalId), isNull(onlineAccounts.missingSince)))
      .returning()) as AccountToSync[];
    const session = newSyncSession();
    for (const account of accounts) {
      const before = counts;
      const result = await syncAccount(deps, {
        companyId: c.companyId,
        runId,
        lockDate: connection.lockDate,
        historyDays: connection.historyDays ?? 90,
        adapter,
        secret,
        background: run.trigger === "scheduled",
        justAuthorized: run.trigger === "initial" || run.trigger === "update",
        session,
        onPage: async (tx, accountCounts) => {
          const total = addCounts(before, accountCounts);
          // The run's counts with a heartbeat, and the account's: one statement in the page's transaction.
          await tx.execute(sql`
            with run as (
              update sync_runs
              set fetched = ${total.fetched}, imported = ${total.imported}, skipped_known = ${total.skippedKnown}, flagged = ${total.flagged},
                  pending_seen = ${total.pendingSeen}, heartbeat_at = ${clock.now().toISOString()}::timestamptz
              where id = ${runId})
            update online_accounts set last_run_fetched = ${accountCounts.fetched}, last_run_imported = ${accountCounts.imported} where id = ${account.id}`);
        },
      }, account).catch(async (error: unknown) => {
        // A journal removed or unlinked mid-run: that account ends here, the others go on. A deleted
        // connection (its accounts went with it) ends the whole run below.
        if (!(error instanceof LinkGoneError) || !(await connectionExists(db, c.id))) throw error;
        logger.warn("sync of an account stopped: its journal link went away", { runId, connectionId: c.id, onlineAccountId: account.id, reason: error.message });
        await db.update(onlineAccounts).set({ fetchingStatus: "idle" }).where(eq(onlineAccounts.id, account.id));
        return null;
      });
      if (!result) continue;
      counts = addCounts(before, result.counts);
      if (result.notBefore && (!notBefore || result.notBefore > notBefore)) notBefore = result.notBefore;
      if (result.notBefore) await db.update(onlineAccounts).set({ fetchingStatus: "idle" }).where(eq(onlineAccounts.id, account.id));
    }
  } catch (error) {
    clearInterval(beat);
    if (!isProviderError(error) && isTransientDatabaseError(error)) return interrupted(deps, runId, c.id, error);
    return fail(deps, run, c, counts, error, started);
  }
  clearInterval(beat);

  const finished = clock.now();
  const next = new Date(Math.max(finished.getTime() + SYNC_INTERVAL_MS, notBefore?.getTime() ?? 0));
  const recorded = await db.transaction(async (tx) => {
    if (!(await lockConnection(tx, c.id))) return false;
    await tx.update(syncRuns).set({ ...counts, status: "succeeded", notBefore, finishedAt: finished }).where(eq(syncRuns.id, runId));
    await tx
      .update(connections)
      .set({ state: "connected", lastRefreshAt: finished, nextRefreshAt: next, lastErrorMessage: null, lastErrorCode: null, lastErrorReference: null, updatedAt: finished })
      .where(eq(connections.id, c.id));
    await logConnectionMessage(tx, {
      companyId: c.companyId,
      connectionId: c.id,
      text: `${triggerNames[run.trigger] ?? "Synchronization"}: ${counts.imported} imported, ${counts.skippedKnown} already known, ${counts.flagged} possible duplicates, ${counts.pendingSeen} pending not imported (${((Date.now() - started) / 1000).toFixed(1)} s).${notBefore ? " The bank's refresh limit was reached." : ""}`,
      authorId: run.requestedBy,
      at: finished,
    });
    if (c.state !== "connected") await logStateChange(tx, c, "connected", finished);
    return true;
  });
  if (!recorded) return connectionGone(runId, c.id, counts);
  return { runId, status: "succeeded", counts, error: null };
}

/**
 * A run a job found "running" under a recent heartbeat: its worker may be alive, or may have died so
 * recently that pg-boss (which saw the job's own heartbeat stop) retried the job before the run went
 * stale. The job must then fail and be retried, not complete, or the run would stay "running".
 */
export async function isHeldElsewhere(db: Db, runId: string): Promise<boolean> {
  const [row] = await db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, runId));
  return row?.status === "running";
}

/** Locks the connection's row for the rest of the transaction; false when it was deleted meanwhile. */
async function lockConnection(tx: Tx, connectionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: connections.id }).from(connections).where(eq(connections.id, connectionId)).for("update");
  return row !== undefined;
}

async function connectionExists(db: Db, connectionId: string): Promise<boolean> {
  const [row] = await db.select({ id: connections.id }).from(connections).where(eq(connections.id, connectionId));
  return row !== undefined;
}

const CONNECTION_GONE = "The connection was deleted during the synchronization.";

/**
 * The connection was deleted while its run went on (housekeeping, its company removed, an operator):
 * its run, accounts and log went with it, so there is nothing left to write; the job ends, not retried.
 */
function connectionGone(runId: string, connectionId: string, counts: ImportCounts): RunResult {
  logger.warn("sync stopped: its connection was deleted while it ran", { runId, connectionId, imported: counts.imported });
  return { runId, status: "failed", counts, error: CONNECTION_GONE };
}

/**
 * The database went away under the run (a terminated backend, a restart): nothing of the page in
 * flight was committed. The run's heartbeat is marked as long gone and the error goes to pg-boss,
 * whose retry takes the run over at once and goes on where the committed pages left it; should the
 * retries run out, the next request closes the run as interrupted. Should the database still refuse
 * the mark, the heartbeat stops all the same and the run is stale after three beats.
 */
async function interrupted(deps: SyncDeps, runId: string, connectionId: string, error: unknown): Promise<never> {
  logger.warn("sync interrupted: the database connection was lost; the job will be retried", { runId, connectionId, error: error instanceof Error ? error.message : String(error) });
  await deps.db
    .update(syncRuns)
    .set({ heartbeatAt: new Date(0) })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")))
    .catch(() => undefined);
  throw error;
}

async function fail(
  deps: SyncDeps,
  run: typeof syncRuns.$inferSelect,
  connection: typeof connections.$inferSelect,
  counts: ImportCounts,
  error: unknown,
  started: number,
): Promise<RunResult> {
  const outcome = outcomeOf(error);
  const reference = newErrorReference();
  const message = outcome.message ?? "The synchronization failed.";
  const finished = deps.clock.now();
  const recorded = await deps.db.transaction(async (tx) => {
    if (!(await lockConnection(tx, connection.id))) return false;
    await tx.update(syncRuns).set({ ...counts, status: "failed", errorMessage: message, errorReference: reference, finishedAt: finished }).where(eq(syncRuns.id, run.id));
    await tx
      .update(onlineAccounts)
      .set({ fetchingStatus: "error" })
      .where(and(eq(onlineAccounts.connectionId, connection.id), inArray(onlineAccounts.fetchingStatus, ["waiting", "processing"])));
    await tx
      .update(connections)
      .set({
        state: outcome.connectionState,
        nextRefreshAt: new Date(finished.getTime() + SYNC_INTERVAL_MS),
        lastErrorMessage: message,
        lastErrorCode: outcome.code,
        lastErrorReference: reference,
        updatedAt: finished,
      })
      .where(eq(connections.id, connection.id));
    await logConnectionMessage(tx, {
      companyId: connection.companyId,
      connectionId: connection.id,
      level: "error",
      text: `${triggerNames[run.trigger] ?? "Synchronization"} failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${message}${outcome.code ? ` (provider code ${outcome.code})` : ""}`,
      reference,
      authorId: run.requestedBy,
      at: finished,
    });
    if (connection.state !== outcome.connectionState) await logStateChange(tx, connection, outcome.connectionState, finished);
    return true;
  });
  if (!recorded) return connectionGone(run.id, connection.id, counts);
  logger.warn("sync run failed", { runId: run.id, connectionId: connection.id, reference, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return { runId: run.id, status: "failed", counts, error: message };
}

/** A log entry for a connection whose state a run changed ("Error → Connected"). */
async function logStateChange(tx: Parameters<typeof logConnectionMessage>[0], connection: typeof connections.$inferSelect, to: ConnectionState, at: Date): Promise<void> {
  await logConnectionMessage(tx, {
    companyId: connection.companyId,
    connectionId: connection.id,
    level: to === "connected" ? "info" : "warning",
    text: `State changed: ${connectionStateNames[connection.state]} → ${connectionStateNames[to]}.`,
    authorId: null,
    at,
  });
}
