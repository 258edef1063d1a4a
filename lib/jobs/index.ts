import type { PgBoss } from "pg-boss";
import { getDb } from "@/db";
import { providerAdapters } from "@/lib/banksync/providers/registry";
import { appClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { openBoss } from "./boss";
import { setUpCatalogRefresh } from "./catalog-refresh";
import { registerScheduledSyncTick } from "@/lib/sandbox/control";
import { registerCatalogRefresh } from "@/lib/sandbox/rename";
import { refreshCatalog } from "@/lib/banksync/catalog/refresh";
import { bossSyncQueue } from "./sync-queue";
import { resumeKilledRuns } from "./resume";
import { runSchedulerTick, startSyncWorkers, syncsPerProvider, type SyncWorkerDeps } from "./sync-worker";

/** How long the sandbox's `run-scheduled-sync` waits for its runs: long enough for the scheduler benchmark's thousands. */
const SANDBOX_TICK_TIMEOUT_MS = 20 * 60_000;

const jobsKey = Symbol.for("banksync.jobs");
const holder = globalThis as typeof globalThis & { [jobsKey]?: Promise<PgBoss> };

/**
 * Starts the process's one job queue: pg-boss on the app's database, its queues, workers and
 * schedules. Kept on globalThis because Next bundles server code into several module graphs; a
 * second call returns the same queue.
 */
export function startJobs(): Promise<PgBoss> {
  holder[jobsKey] ??= boot().catch((error: unknown) => {
    delete holder[jobsKey];
    throw error;
  });
  return holder[jobsKey];
}

async function boot(): Promise<PgBoss> {
  const db = await getDb();
  const boss = openBoss(db, env().databaseUrl);
  await boss.start();
  await setUpCatalogRefresh(boss, { db, adapters: () => providerAdapters(), clock: appClock });
  const syncDeps: SyncWorkerDeps = {
    db,
    adapters: providerAdapters(),
    clock: appClock,
    appSecret: env().appSecret,
    queue: bossSyncQueue(boss),
    heartbeatMs: env().syncHeartbeatMs,
  };
  await startSyncWorkers(boss, syncDeps, { concurrency: env().syncConcurrency, perProvider: syncsPerProvider(process.env) });
  // The embedded database's only process just started: a sync it left running was killed with it.
  if (!env().databaseUrl) await resumeKilledRuns(boss, db);
  if (env().mode === "sandbox") registerScheduledSyncTick(() => runSchedulerTick(syncDeps, SANDBOX_TICK_TIMEOUT_MS));
  // The sandbox's `rename` refreshes the catalog, so a test sees the new name at once.
  if (env().mode === "sandbox") registerCatalogRefresh(() => refreshCatalog(db, providerAdapters(), appClock));
  logger.info("job queue started");
  return boss;
}

/** Stops the workers, letting running jobs finish for a few seconds; safe to call twice. */
export async function stopJobs(): Promise<void> {
  const started = holder[jobsKey];
  if (!started) return;
  delete holder[jobsKey];
  const boss = await started.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 10_000 });
}

/**
 * Stops the queue on SIGTERM/SIGINT, then lets the signal do what it would have done: another
 * handler (Next's) may exit first, otherwise the signal is raised again without ours.
 */
export function stopJobsOnSignals(): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopJobs()
        .catch((error: unknown) => logger.error("job queue did not stop cleanly", { error: String(error) }))
        .finally(() => {
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
    });
  }
}
