import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, onlineAccounts, syncRuns } from "@/db/schema";
import type { Clock } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { assertCanWrite, type Actor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../journals";
import type { SyncQueue } from "../sync-queue";
import { staleAfterMs } from "./deps";

export type SyncTrigger = "initial" | "manual" | "scheduled" | "missing" | "update";

export type RequestDeps = { db: Db; clock: Clock; queue: SyncQueue; heartbeatMs?: number };

export type RequestedRun = { runId: string; connectionId: string; alreadyActive: boolean };

/**
 * A synchronization of the connection, queued unless one is already waiting or running (it is then
 * the answer: a second click shows the running one). A run marked running whose worker stopped beating
 * is closed as interrupted first, so a crash never blocks the connection.
 */
export async function requestRun(deps: RequestDeps, connectionId: string, trigger: SyncTrigger, requestedBy: string | null): Promise<RequestedRun> {
  const { db, clock } = deps;
  const now = clock.now();
  const interrupted = await db
    .update(syncRuns)
    .set({ status: "failed", errorMessage: "The synchronization was interrupted (its worker stopped).", finishedAt: now })
    .where(
      and(
        eq(syncRuns.connectionId, connectionId),
        eq(syncRuns.status, "running"),
        sql`coalesce(${syncRuns.heartbeatAt}, ${syncRuns.startedAt}) < ${new Date(now.getTime() - staleAfterMs(deps)).toISOString()}::timestamptz`,
      ),
    )
    .returning({ jobId: syncRuns.jobId });
  for (const { jobId } of interrupted) {
    if (jobId) await deps.queue.abandon(jobId).catch((error: unknown) => logger.warn("could not abandon a dead worker's job", { jobId, error: String(error) }));
  }
  const [connection] = await db.select({ companyId: connections.companyId }).from(connections).where(eq(connections.id, connectionId));
  if (!connection) throw new NotFoundError("Connection");
  const [created] = await db
    .insert(syncRuns)
    .values({ companyId: connection.companyId, connectionId, trigger, status: "queued", requestedBy, queuedAt: now })
    .onConflictDoNothing({ target: syncRuns.connectionId, where: sql`${syncRuns.status} in ('queued', 'running')` })
    .returning({ id: syncRuns.id });
  if (!created) {
    const [active] = await db
      .select({ id: syncRuns.id })
      .from(syncRuns)
      .where(and(eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ["queued", "running"])));
    if (active) return { runId: active.id, connectionId, alreadyActive: true };
    // Finished between the insert and the read: ask again.
    return requestRun(deps, connectionId, trigger, requestedBy);
  }
  await db
    .update(onlineAccounts)
    .set({ fetchingStatus: "waiting" })
    .where(and(eq(onlineAccounts.connectionId, connectionId), isNotNull(onlineAccounts.journalId), isNull(onlineAccounts.missingSince)));
  await sendRun(deps, created.id, connectionId);
  return { runId: created.id, connectionId, alreadyActive: false };
}

/** Puts a recorded run on the queue; a queue that refuses fails the run rather than leaving it waiting forever. */
export async function sendRun(deps: RequestDeps, runId: string, connectionId: string): Promise<void> {
  try {
    const jobId = await deps.queue.enqueue({ runId, connectionId });
    if (jobId) await deps.db.update(syncRuns).set({ jobId }).where(eq(syncRuns.id, runId));
  } catch (error) {
    logger.error("sync run not queued", { runId, connectionId, error: String(error) });
    await deps.db
      .update(syncRuns)
      .set({ status: "failed", errorMessage: "The synchronization could not be queued. Use “Fetch Transactions” to try again.", finishedAt: deps.clock.now() })
      .where(eq(syncRuns.id, runId));
    throw error;
  }
}

/** "Fetch Transactions" on a journal card: a synchronization of the connection feeding the journal. */
export async function fetchJournal(deps: RequestDeps, actor: Actor, journalId: string): Promise<RequestedRun> {
  assertCanWrite(actor);
  if (!isUuid(journalId)) throw new NotFoundError("Journal");
  const [link] = await deps.db
    .select({ connectionId: onlineAccounts.connectionId, state: connections.state })
    .from(onlineAccounts)
    .innerJoin(connections, eq(connections.id, onlineAccounts.connectionId))
    .where(and(eq(onlineAccounts.journalId, journalId), eq(onlineAccounts.companyId, actor.companyId)));
  if (!link) throw new NotFoundError("Bank link of this journal");
  if (link.state === "disconnected") throw new ValidationError({ journalId: ["The bank connection is disconnected: reconnect it first."] });
  return requestRun(deps, link.connectionId, "manual", actor.userId);
}

/** "Fetch Transactions" on a connection's page: a synchronization of all its linked accounts. */
export async function fetchConnection(deps: RequestDeps, actor: Actor, connectionId: string): Promise<RequestedRun> {
  assertCanWrite(actor);
  if (!isUuid(connectionId)) throw new NotFoundError("Connection");
  const [connection] = await deps.db
    .select({ state: connections.state })
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)));
  if (!connection) throw new NotFoundError("Connection");
  if (connection.state === "disconnected") throw new ValidationError({ connection: ["The bank connection is disconnected: reconnect it first."] });
  return requestRun(deps, connectionId, "manual", actor.userId);
}

/**
 * One tick of the 12-hour scheduler: a run for every connection with automatic synchronization on,
 * not waiting for the user (action required, disconnected), due by its next refresh time.
 */
export async function queueDueRuns(deps: RequestDeps): Promise<RequestedRun[]> {
  const due = await deps.db
    .selectDistinct({ id: connections.id })
    .from(connections)
    .innerJoin(onlineAccounts, and(eq(onlineAccounts.connectionId, connections.id), isNotNull(onlineAccounts.journalId), isNull(onlineAccounts.missingSince)))
    .where(
      and(
        eq(connections.autoSync, true),
        inArray(connections.state, ["connected", "error"]),
        or(lte(connections.nextRefreshAt, deps.clock.now()), sql`${connections.nextRefreshAt} is null`),
      ),
    );
  const runs: RequestedRun[] = [];
  for (const { id } of due) runs.push(await requestRun(deps, id, "scheduled", null));
  return runs.filter((r) => !r.alreadyActive);
}
