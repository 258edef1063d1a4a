import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { z } from "zod";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import { appClock } from "@/lib/clock";
import { openBoss } from "@/lib/jobs/boss";
import { bossSyncQueue } from "@/lib/jobs/sync-queue";
import { startSyncWorkers } from "@/lib/jobs/sync-worker";
import { logger } from "@/lib/logger";
import { enablebankingTransactionsCall, startSandboxGate } from "./worker-gate";
import { serveSandbox } from "./worker-sandbox";

/**
 * The embedded default's one process, to be killed by the PGlite crash test: it restores a database
 * the test prepared into a data folder, serves the sandbox on it, and works the queued synchronization
 * until the gate holds its next page. Run with `node --import tsx`.
 */
const config = z
  .object({
    PGLITE_DIR: z.string().min(1),
    PGLITE_TARBALL: z.string().min(1),
    GATE_ALLOWANCE: z.coerce.number().int().min(0),
    APP_SECRET: z.string().min(32),
    SYNC_HEARTBEAT_MS: z.coerce.number().int().min(100),
  })
  .parse(process.env);

const client = new PGlite(config.PGLITE_DIR, { loadDataDir: new Blob([readFileSync(config.PGLITE_TARBALL)]), extensions: { pg_trgm } });
const db = drizzle({ client, schema }) as unknown as Db;
const sandbox = await serveSandbox(db);
const gate = await startSandboxGate(sandbox.origin, enablebankingTransactionsCall, config.GATE_ALLOWANCE);
const boss = openBoss(db, undefined);
await boss.start();
const adapters = buildProviderAdapters({}, gate.sandboxUrl, { sleep: async () => {}, timeoutMs: 120_000 });
await startSyncWorkers(boss, { db, adapters, clock: appClock, appSecret: config.APP_SECRET, queue: bossSyncQueue(boss), heartbeatMs: config.SYNC_HEARTBEAT_MS }, { scheduler: false });
logger.info("worker started");
await gate.holding;
logger.info("gate holding", { pages: gate.passed() });
