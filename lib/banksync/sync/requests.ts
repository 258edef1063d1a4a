import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, onlineAccounts, syncRuns } from "@/db/schema";
import type { Clock } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { assertCanWrite, type Actor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../journals";
import type { SyncJob, SyncQueue } from "../sync-queue";
import { staleAfterMs } from "./deps";

export type SyncTrigger = "initial" | "manual" | "scheduled" | "missing" | "update";

export type RequestDeps = { db: Db; clock: Clock; queue: SyncQueue; heartbeatMs?: number };

export type RequestedRun = { runId: string; connectionId: string; alreadyActive: boolean };

export type RequestOptions = {
  /**
   * Only for connections still due when their run is recorded: a tick's batches are read due together
   * but recorded one after the other, while another tick (the cron, a second process) may finish the
   * same connections' runs in between.
   */
  onlyDue?: boolean;
};

/**
 * A synchronization of the connection, queued unless one is already waiting or running (it is then
 * the answer: a second click shows the running one). A run marked running whose worker stopped beating
 * is closed as interrupted first, so a crash never blocks the connection.
 */
export async function requestRun(deps: RequestDeps, connectionId: string, trigger: SyncTrigger, requestedBy: string | null): Promise<RequestedRun> {
  const [run] = await requestRuns(deps, [connectionId], trigger, requestedBy);
  if (!run) throw new NotFoundError("Connection");
  return run;
}

/**
 * requestRun for many connections in a few statements (a scheduler tick asks for thousands): one
 * answer per connection that exists, in no particular order.
 */
export async function requestRuns(
  deps: RequestDeps,
  connectionIds: string[],
  trigger: SyncTrigger,
  requestedBy: string | null,
  options: RequestOptions = {},
): Promise<RequestedRun[]> {
  const { db, clock } = deps;
  if (connectionIds.length === 0) return [];
  const now = clock.now();
  const interrupted = await db
    .update(syncRuns)
    .set({ status: "failed", errorMessage: "The synchronization was interrupted (its worker stopped).", finishedAt: now })
    .where(
      and(
        inArray(syncRuns.connectionId, connectionIds),
        eq(syncRuns.status, "running"),
        sql`coalesce(${syncRuns.heartbeatAt}, ${syncRuns.startedAt}) < ${new Date(now.getTime() - staleAfterMs(deps)).toISOString()}::timestamptz`,
      ),
    )
    .returning({ jobId: syncRuns.jobId });
  for (const { jobId } of interrupted) {
    if (jobId) await deps.queue.abandon(jobId).catch((error: unknown) => logger.warn("could not abandon a dead worker's job", { jobId, error: String(error) }));
  }
  // The connections locked (in one order: two ticks at once cannot deadlock) until their runs are
  // recorded: a run finishing meanwhile (it locks its connection too) commits first, and a connection
  // it left no longer due is then left out.
  const { owners, created } = await db.transaction(async (tx) => {
    const owners = await tx
      .select({ id: connections.id, companyId: connections.companyId, provider: connections.provider })
      .from(connections)
      .where(and(inArray(connections.id, connectionIds), options.onlyDue ? dueNow(now) : undefined))
      .orderBy(connections.id)
      .for("update");
    if (owners.length === 0) return { owners, created: [] };
    const created = await tx
      .insert(syncRuns)
      .values(owners.map((o) => ({ companyId: o.companyId, connectionId: o.id, trigger, status: "queued" as const, requestedBy, queuedAt: now })))
      .onConflictDoNothing({ target: syncRuns.connectionId, where: sql`${syncRuns.status} in ('queued', 'running')` })
      .returning({ runId: syncRuns.id, connectionId: syncRuns.connectionId });
    return { owners, created };
  });
  if (owners.length === 0) return [];
  const createdFor = new Set(created.map((c) => c.connectionId));
  const others = owners.map((o) => o.id).filter((id) => !createdFor.has(id));
  const active =
    others.length === 0
      ? []
      : await db
          .select({ runId: syncRuns.id, connectionId: syncRuns.connectionId })
          .from(syncRuns)
          .where(and(inArray(syncRuns.connectionId, others), inArray(syncRuns.status, ["queued", "running"])));
  if (created.length > 0) {
    await db
      .update(onlineAccounts)
      .set({ fetchingStatus: "waiting" })
      .where(and(inArray(onlineAccounts.connectionId, [...createdFor]), isNotNull(onlineAccounts.journalId), isNull(onlineAccounts.missingSince)));
    const providerOf = new Map(owners.map((o) => [o.id, o.provider]));
    await sendRuns(deps, created.map((c) => ({ ...c, provider: providerOf.get(c.connectionId)! })));
  }
  // A run that finished between the insert and the read: ask again for its connection.
  const activeFor = new Set(active.map((a) => a.connectionId));
  const again = others.filter((id) => !activeFor.has(id));
  return [
    ...created.map((c) => ({ ...c, alreadyActive: false })),
    ...active.map((a) => ({ ...a, alreadyActive: true })),
    ...(again.length > 0 ? await requestRuns(deps, again, trigger, requestedBy, options) : []),
  ];
}

/** Puts a recorded run on the queue; a queue that refuses fails the run rather than leaving it waiting forever. */
export function sendRun(deps: RequestDeps, job: SyncJob): Promise<void> {
  return sendRuns(deps, [job]);
}

async function sendRuns(deps: RequestDeps, jobs: SyncJob[]): Promise<void> {
  try {
    const jobIds = await deps.queue.enqueueAll(jobs);
    const sent = jobs.flatMap((job, i) => (jobIds[i] ? [{ runId: job.runId, jobId: jobIds[i] }] : []));
    if (sent.length === 0) return;
    await deps.db.execute(sql`
      update sync_runs set job_id = sent.job_id
      from unnest(array[${sql.join(sent.map((s) => sql`${s.runId}::uuid`), sql`, `)}], array[${sql.join(sent.map((s) => sql`${s.jobId}::text`), sql`, `)}]) as sent(run_id, job_id)
      where sync_runs.id = sent.run_id`);
  } catch (error) {
    logger.error("sync runs not queued", { runs: jobs.length, runIds: jobs.slice(0, 5).map((j) => j.runId), error: String(error) });
    await deps.db
      .update(syncRuns)
      .set({ status: "failed", errorMessage: "The synchronization could not be queued. Use “Fetch Transactions” to try again.", finishedAt: deps.clock.now() })
      .where(inArray(syncRuns.id, jobs.map((j) => j.runId)));
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

/** Connections a scheduler tick asks runs for in one go: a tick of thousands costs a few statements per batch. */
const REQUEST_BATCH = 500;

/**
 * One tick of the 12-hour scheduler: a run for every connection with automatic synchronization on,
 * not waiting for the user (action required, disconnected), due by its next refresh time, the longest
 * due first. A due connection whose run is already queued or running keeps it (`alreadyActive`).
 */
export async function queueDueRuns(deps: RequestDeps): Promise<RequestedRun[]> {
  const due = await deps.db
    .selectDistinct({ id: connections.id, nextRefreshAt: connections.nextRefreshAt })
    .from(connections)
    .innerJoin(onlineAccounts, and(eq(onlineAccounts.connectionId, connections.id), isNotNull(onlineAccounts.journalId), isNull(onlineAccounts.missingSince)))
    .where(dueNow(deps.clock.now()))
    .orderBy(sql`${connections.nextRefreshAt} asc nulls first`, connections.id);
  const runs: RequestedRun[] = [];
  for (let at = 0; at < due.length; at += REQUEST_BATCH) {
    runs.push(...(await requestRuns(deps, due.slice(at, at + REQUEST_BATCH).map((d) => d.id), "scheduled", null, { onlyDue: true })));
  }
  return runs;
}

/** A connection the scheduler synchronizes now: automatic, not waiting for the user, due by its next refresh time. */
function dueNow(now: Date) {
  return and(
    eq(connections.autoSync, true),
    inArray(connections.state, ["connected", "error"]),
    or(lte(connections.nextRefreshAt, now), sql`${connections.nextRefreshAt} is null`),
  );
}
