import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, type Database, type Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import { appClock } from "@/lib/clock";
import { openBoss } from "@/lib/jobs/boss";
import { bossSyncQueue } from "@/lib/jobs/sync-queue";
import { startSyncWorkers } from "@/lib/jobs/sync-worker";
import { WORKER_NEEDS_POSTGRES } from "@/lib/jobs/worker";
import { startConnectHarness, TEST_SECRET, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { enablebankingTransactionsCall, startSandboxGate, type SandboxGate } from "@/test/worker-gate";
import { bankAccount, connectSandboxBank, journalLines, runsOf, transactionLineCount, type LinkedJournal } from "@/test/worker-journals";
import { spawnWorker, type WorkerProcess } from "@/test/worker-process";
import { serveSandbox, type ServedSandbox } from "@/test/worker-sandbox";
import { fetchJournal, type RequestDeps } from "./requests";

/** Short beats: a killed worker's run is held by no one after three of them. */
const HEARTBEAT_MS = 300;

/** Pages the first worker may fetch before it is stopped at the next one and killed. */
const PAGES_BEFORE_KILL = 7;

type Prepared = {
  connectionId: string;
  initialRunId: string;
  journals: LinkedJournal[];
  /** What each journal must hold in the end, by journal id. */
  banks: Map<string, Awaited<ReturnType<typeof bankAccount>>>;
  total: number;
};

/**
 * Sandbox Bank through Enable Banking (100 rows a page), Checking grown to 1,000 posted transactions:
 * ten pages of its own besides the other accounts' five. Its initial synchronization is queued.
 */
async function prepare(h: ConnectHarness): Promise<Prepared> {
  await h.server.control("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count: 600, days: 300 });
  const { connectionId, runId, journals } = await connectSandboxBank(h, h.co.accountant, "enablebanking");
  expect(journals.map((j) => j.name).sort()).toEqual(["Card", "Checking", "Savings"]);
  const banks = new Map(await Promise.all(journals.map(async (j) => [j.journalId, await bankAccount(h.deps.db, "Sandbox Bank", j)] as const)));
  expect(banks.get(journals.find((j) => j.name === "Checking")!.journalId)!.postedIds).toHaveLength(1_000);
  const total = [...banks.values()].reduce((sum, b) => sum + b.postedIds.length, 0);
  return { connectionId, initialRunId: runId, journals, banks, total };
}

/** Kills the worker once the gate holds its next page: it asks for a page only after committing the one before. */
async function killMidImport(worker: WorkerProcess, holding: Promise<void>): Promise<void> {
  await Promise.race([
    holding,
    worker.exited.then(() => {
      throw new Error(`the worker exited before its ${PAGES_BEFORE_KILL + 1}th page:\n${worker.output()}`);
    }),
  ]);
  expect(await worker.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
}

/**
 * After the kill: "Fetch Transactions" again, through `deps` (whose queue some live worker serves),
 * then every journal holds each of its bank's posted transactions once, and one opening balance line.
 */
async function expectResumed(db: Db, deps: RequestDeps, actor: ConnectHarness["co"]["accountant"], prepared: Prepared): Promise<void> {
  const { connectionId, initialRunId, journals, banks, total } = prepared;
  const leftByTheKill = await transactionLineCount(db, journals.map((j) => j.journalId));
  expect(leftByTheKill).toBeGreaterThan(0);
  expect(leftByTheKill).toBeLessThan(total);
  expect((await db.select().from(syncRuns).where(eq(syncRuns.id, initialRunId)))[0]).toMatchObject({ status: "running", finishedAt: null });

  // Judged by a patient caller, the killed run still counts as running: the click shows it.
  const patient = await fetchJournal({ ...deps, heartbeatMs: 60_000 }, actor, journals[0]!.journalId);
  expect(patient).toEqual({ runId: initialRunId, connectionId, alreadyActive: true });
  // Three missed beats later it is held by no one: closed as interrupted, and a new run is queued.
  let again = patient;
  await expect
    .poll(
      async () => {
        again = await fetchJournal({ ...deps, heartbeatMs: HEARTBEAT_MS }, actor, journals[0]!.journalId);
        return again.runId;
      },
      { timeout: 10_000, interval: 100 },
    )
    .not.toBe(initialRunId);
  await expect
    .poll(async () => (await db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, again.runId)))[0]?.status, {
      timeout: 30_000,
      interval: 250,
      message: "the new run was not worked: does the killed worker's pg-boss job still hold the connection's singleton key?",
    })
    .toBe("succeeded");

  const runs = await runsOf(db, connectionId);
  expect(runs.map((r) => [r.id, r.status])).toEqual([
    [initialRunId, "failed"],
    [again.runId, "succeeded"],
  ]);
  expect(runs[0]!.errorMessage).toContain("interrupted");
  expect(runs[1]!.imported).toBe(total - leftByTheKill);
  for (const journal of journals) {
    const bank = banks.get(journal.journalId)!;
    const lines = await journalLines(db, journal.journalId);
    expect(lines.onlineIds.length, journal.name).toBe(bank.postedIds.length);
    expect(new Set(lines.onlineIds), journal.name).toEqual(new Set(bank.postedIds));
    // The first synchronization of an empty journal ends with one opening balance line, even across the crash.
    expect(lines.openingBalances, journal.name).toBe(1);
    expect(lines.balanceMinor, journal.name).toBe(bank.balanceMinor);
  }
}

// `npm run worker` against PostgreSQL, as deployed: a second process cannot open the test's PGlite.
describe.each(drivers.filter((d) => d === "postgres"))("a worker process killed in the middle of an import on %s", (driver) => {
  let h: ConnectHarness;
  let gate: SandboxGate | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await startConnectHarness(driver);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill("SIGKILL");
    await gate?.close();
    await h?.close();
  });

  const worker = (sandboxUrl: string) => {
    const started = spawnWorker({
      DATABASE_URL: (h.server.database as { url?: string }).url!,
      SANDBOX_URL: sandboxUrl,
      BANKSYNC_MODE: "sandbox",
      APP_SECRET: TEST_SECRET,
      AUTH_SECRET: TEST_SECRET,
      SYNC_HEARTBEAT_MS: String(HEARTBEAT_MS),
    });
    workers.push(started);
    return started;
  };

  it("loses nothing and duplicates nothing when another worker process runs the connection again", async () => {
    const prepared = await prepare(h);
    gate = await startSandboxGate(h.server.origin, enablebankingTransactionsCall, PAGES_BEFORE_KILL);
    const first = worker(gate.sandboxUrl);
    await first.ready;
    await killMidImport(first, gate.holding);

    const second = worker(h.server.sandboxUrl);
    await second.ready;
    await expectResumed(h.deps.db, h.deps, h.co.accountant, prepared);
    expect(second.output()).not.toContain('"level":"error"');
  }, 120_000);

  it("stops cleanly on SIGTERM", async () => {
    const running = worker(h.server.sandboxUrl);
    await running.ready;
    expect(await running.kill("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(running.output()).toContain('"message":"worker stopped"');
  });
});

// The embedded default: the one process owning the PGlite folder is killed, and the next one opens it.
describe.each(drivers.filter((d) => d === "pglite"))("the process owning a PGlite folder killed in the middle of an import on %s", (driver) => {
  let h: ConnectHarness;
  let folder: string;
  let child: WorkerProcess | undefined;
  let reopened: { database: Database; sandbox: ServedSandbox; boss: PgBoss } | undefined;

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    folder = await mkdtemp(path.join(tmpdir(), "banksync-crash-"));
  });
  afterAll(async () => {
    await child?.kill("SIGKILL");
    await reopened?.boss.stop({ graceful: false, timeout: 2_000 }).catch(() => undefined);
    await reopened?.sandbox.close();
    await reopened?.database.close();
    await h?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("loses nothing and duplicates nothing when the folder is opened again", async () => {
    const prepared = await prepare(h);
    // The prepared database, initial job queued, becomes the killed process's data folder.
    await h.boss.stop({ graceful: false, timeout: 2_000 });
    const tarball = path.join(folder, "prepared.tar");
    const dump = await (h.server.database.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
    await writeFile(tarball, Buffer.from(await dump.arrayBuffer()));
    const dataDir = path.join(folder, "pgdata");

    child = spawnWorker(
      {
        PGLITE_DIR: dataDir,
        PGLITE_TARBALL: tarball,
        GATE_ALLOWANCE: String(PAGES_BEFORE_KILL),
        APP_SECRET: TEST_SECRET,
        AUTH_SECRET: TEST_SECRET,
        SYNC_HEARTBEAT_MS: String(HEARTBEAT_MS),
      },
      "test/worker-pglite-child.ts",
    );
    await child.ready;
    await killMidImport(child, child.logged("gate holding"));

    // The next process: the folder recovers, the sandbox world and the queue are where the kill left them.
    const database = openPglite(dataDir);
    await database.migrate();
    const sandbox = await serveSandbox(database.db);
    const boss = openBoss(database.db, undefined);
    reopened = { database, sandbox, boss };
    await boss.start();
    const adapters = buildProviderAdapters({}, sandbox.sandboxUrl, { sleep: async () => {}, timeoutMs: 10_000 });
    const deps = { db: database.db, adapters, clock: appClock, appSecret: TEST_SECRET, queue: bossSyncQueue(boss), heartbeatMs: HEARTBEAT_MS };
    await startSyncWorkers(boss, deps, { scheduler: false });
    await expectResumed(database.db, deps, h.co.accountant, prepared);
  }, 120_000);
});

describe("npm run worker", () => {
  it("refuses to start without PostgreSQL, plainly", async () => {
    const refused = spawnWorker({ DATABASE_URL: "", APP_SECRET: TEST_SECRET, AUTH_SECRET: TEST_SECRET });
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.output().trim()).toBe(WORKER_NEEDS_POSTGRES);
  });
});
