import type { Job, PgBoss } from "pg-boss";
import { and, eq, inArray } from "drizzle-orm";
import { connections, institutions, syncRuns } from "@/db/schema";
import type { SyncJob } from "@/lib/banksync/sync-queue";
import type { SyncDeps } from "@/lib/banksync/sync/deps";
import { queueDueRuns, type RequestDeps } from "@/lib/banksync/sync/requests";
import { isHeldElsewhere, runSync } from "@/lib/banksync/sync/run";
import { CallLimit } from "@/lib/banksync/providers/limit";
import { providerConcurrency } from "@/lib/banksync/providers/registry";
import { providerIds } from "@/lib/banksync/providers/types";
import { logger } from "@/lib/logger";
import { startHousekeeping } from "./housekeeping";
import { createSyncQueue, legacySyncQueueName, syncQueueName } from "./sync-queue";

export const syncSchedulerQueue = "sync-scheduler";

/** Every five minutes the scheduler queues what is due: each connection every 12 hours by its next-refresh time. */
const SCHEDULER_CRON = "*/5 * * * *";

/** Synchronizations running at once in one process when the caller does not say (they wait on providers far more than on the database). */
const DEFAULT_CONCURRENCY = 4;

export type SyncWorkerDeps = SyncDeps & RequestDeps;

/**
 * Synchronizations of each provider a process runs at once: twice its calls at once (PROVIDER_CONCURRENCY),
 * so one run's database work overlaps another's call while the provider's slots stay busy.
 */
export function syncsPerProvider(source: Record<string, string | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(providerConcurrency(source.PROVIDER_CONCURRENCY)).map(([provider, calls]) => [provider, 2 * calls]));
}

export type SyncWorkerOptions = {
  /** Also the 12-hour scheduler's cron and the housekeeping (default true). */
  scheduler?: boolean;
  /** Synchronizations at once in this process; 0 runs none here (workers elsewhere take them). */
  concurrency?: number;
  /**
   * Of those, at most this many of one provider (default: all), so a slow provider's jobs cannot hold
   * every slot while the other providers' wait behind them.
   */
  perProvider?: Record<string, number>;
};

/** The synchronization queues' workers, and the scheduler's queue, worker and cron (the web process and `npm run worker`). */
export async function startSyncWorkers(boss: PgBoss, deps: SyncWorkerDeps, options: SyncWorkerOptions = {}): Promise<void> {
  await createSyncQueue(boss);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (concurrency > 0) {
    // Each provider's queue is worked up to its own share; all of them together up to `concurrency`.
    const slots = new CallLimit(concurrency);
    const handler = async ([job]: Job<SyncJob>[]) =>
      slots.run(async () => {
        const result = await runSync(deps, job!.data.runId);
        if (result.status === "skipped" && (await isHeldElsewhere(deps.db, result.runId))) {
          throw new Error("The run is held by another worker, or by one that died moments ago: retried later.");
        }
        return { status: result.status, imported: result.counts.imported };
      });
    for (const provider of providerIds) {
      const localConcurrency = Math.min(concurrency, options.perProvider?.[provider] ?? concurrency);
      // A provider this server has no adapter for gets jobs only from an earlier configuration: they
      // fail with a clear message, and need no quick poll.
      const pollingIntervalSeconds = deps.adapters[provider] ? 0.5 : 5;
      await boss.work<SyncJob>(syncQueueName(provider), { pollingIntervalSeconds, localConcurrency }, handler);
    }
    // Jobs an earlier version queued in its single queue, one at a time until none is left.
    if (await boss.getQueue(legacySyncQueueName)) {
      await boss.work<SyncJob>(legacySyncQueueName, { pollingIntervalSeconds: 5, localConcurrency: 1 }, handler);
    }
  }
  if (options.scheduler === false) return;
  await boss.createQueue(syncSchedulerQueue, { policy: "stately", retryLimit: 0, expireInSeconds: 600 });
  await boss.work(syncSchedulerQueue, { pollingIntervalSeconds: 5 }, async () => {
    const queued = (await queueDueRuns(deps)).filter((r) => !r.alreadyActive).length;
    if (queued > 0) logger.info("scheduled synchronizations queued", { runs: queued });
    return { queued };
  });
  await boss.schedule(syncSchedulerQueue, SCHEDULER_CRON, null, { tz: "UTC" });
  await startHousekeeping(boss, deps);
}

export type TickReport = { runs: { connection: string; institution: string; status: string; imported: number; error?: string }[] };

/**
 * One scheduler tick, waiting for the runs of the connections due (the sandbox's `run-scheduled-sync`):
 * the same selection as the cron's, run by the same workers. A due connection's run queued just before
 * (by the cron, or a click) is waited for too.
 */
export async function runSchedulerTick(deps: SyncWorkerDeps, timeoutMs = 300_000): Promise<TickReport> {
  const queued = await queueDueRuns(deps);
  const ids = queued.map((r) => r.runId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = ids.length === 0 ? [] : await deps.db
      .select({ id: syncRuns.id, status: syncRuns.status, imported: syncRuns.imported, error: syncRuns.errorMessage, connection: syncRuns.connectionId, institution: institutions.name })
      .from(syncRuns)
      .innerJoin(connections, eq(connections.id, syncRuns.connectionId))
      .innerJoin(institutions, eq(institutions.id, connections.institutionId))
      .where(and(inArray(syncRuns.id, ids)));
    const done = rows.every((r) => r.status === "succeeded" || r.status === "failed");
    if (done || Date.now() > deadline) {
      return {
        runs: rows.map((r) => ({ connection: r.connection, institution: r.institution, status: r.status, imported: r.imported, ...(r.error ? { error: r.error } : {}) })),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
