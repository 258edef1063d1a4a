import type { PgBoss } from "pg-boss";
import { openPostgres, type Db } from "@/db/client";
import { providerAdapters } from "@/lib/banksync/providers/registry";
import { appClock, setSandboxClockOffset } from "@/lib/clock";
import type { Env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getState } from "@/lib/sandbox/store";
import { openBoss } from "./boss";
import { bossSyncQueue } from "./sync-queue";
import { startSyncWorkers, syncsPerProvider } from "./sync-worker";

export const WORKER_NEEDS_POSTGRES =
  "npm run worker needs PostgreSQL (DATABASE_URL): the embedded PGlite database belongs to the web process, which runs the workers itself.";

/**
 * How often a worker process re-reads the sandbox clock. The control API moves it in the web process;
 * a separate process only sees the change in the database.
 */
const SANDBOX_CLOCK_POLL_MS = 1_000;

/** How long a stop waits for the running synchronizations before pg-boss fails their jobs (they are retried). */
const DEFAULT_STOP_TIMEOUT_MS = 20_000;

export type WorkerOptions = {
  /** Also run the 12-hour scheduler (default true: pg-boss keeps one schedule and one tick at a time across processes). */
  scheduler?: boolean;
  stopTimeoutMs?: number;
};

export type RunningWorker = {
  boss: PgBoss;
  /** Stops taking jobs, lets running ones finish (up to the stop timeout), closes the database. Safe to call twice. */
  stop(): Promise<void>;
};

/**
 * `npm run worker`: the synchronization workers (and the scheduler) without the web server, on the
 * PostgreSQL of DATABASE_URL, so a deployment can add worker processes on other machines. Migrates
 * first, like every process that opens the database.
 */
export async function startWorker(config: Env, options: WorkerOptions = {}): Promise<RunningWorker> {
  if (!config.databaseUrl) throw new Error(WORKER_NEEDS_POSTGRES);
  const database = openPostgres(config.databaseUrl);
  let stopClock = () => {};
  let boss: PgBoss | undefined;
  try {
    await database.migrate();
    if (config.mode === "sandbox") stopClock = await followSandboxClock(database.db);
    boss = openBoss(database.db, config.databaseUrl);
    await boss.start();
    await startSyncWorkers(
      boss,
      {
        db: database.db,
        adapters: providerAdapters(),
        clock: appClock,
        appSecret: config.appSecret,
        queue: bossSyncQueue(boss),
        heartbeatMs: config.syncHeartbeatMs,
      },
      { scheduler: options.scheduler ?? true, concurrency: Math.max(1, config.syncConcurrency), perProvider: syncsPerProvider(process.env) },
    );
  } catch (error) {
    stopClock();
    await boss?.stop({ graceful: false, timeout: 1_000 }).catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }

  const started = boss;
  let stopping: Promise<void> | undefined;
  return {
    boss: started,
    stop() {
      stopping ??= (async () => {
        stopClock();
        try {
          await started.stop({ graceful: true, timeout: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS });
        } finally {
          await database.close();
        }
        logger.info("worker stopped");
      })();
      return stopping;
    },
  };
}

/**
 * The app clock shares the sandbox world's offset (SANDBOX.md, "Clock"). The web process moves it in
 * memory when the control API is called; this process follows it from the database.
 */
async function followSandboxClock(db: Db): Promise<() => void> {
  const read = async () => setSandboxClockOffset((await getState(db)).clockOffsetMs);
  await read();
  const timer = setInterval(() => {
    read().catch((error: unknown) => logger.warn("sandbox clock not read", { error: String(error) }));
  }, SANDBOX_CLOCK_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
