import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { syncRuns } from "@/db/schema";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import { syncQueueName } from "@/lib/jobs/sync-queue";
import { startSyncWorkers } from "@/lib/jobs/sync-worker";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { enablebankingPage, startHoldGate, type HoldGate } from "@/test/hold-gate";
import { bankAccount, connectSandboxBank, journalLines, runsOf, transactionLineCount } from "@/test/worker-journals";

/** Pages let through before the worker is stopped at the next one. */
const PAGES_BEFORE_HOLD = 2;

/**
 * `pg_terminate_backend` on every connection of the app's database, the app's pool and pg-boss's
 * alike, while a page's transaction is open: the run is interrupted, pg-boss retries its job, the
 * retry resumes from the committed pages, and the journals end exactly right.
 */
// PostgreSQL only (PGlite has no backends to terminate): skipped, not absent, without DATABASE_URL.
describe.skipIf(!drivers.includes("postgres"))("database connections terminated in the middle of an import on postgres", () => {
  const driver = "postgres" as const;
  let h: ConnectHarness;
  let gate: HoldGate;
  let admin: postgres.Sql;

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    gate = await startHoldGate(h.server.origin);
    const adapters = buildProviderAdapters({}, gate.sandboxUrl, { sleep: async () => {}, timeoutMs: 20_000 });
    await startSyncWorkers(h.boss, { ...h.deps, adapters, heartbeatMs: 500 }, { scheduler: false });
    // Two connections of the test's own: one holds a lock, the other watches and terminates.
    admin = postgres((h.server.database as { url?: string }).url!, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end({ timeout: 2 });
    await gate?.close();
    await h?.close();
  });

  const stderr = vi.spyOn(process.stderr, "write");
  const logged = (message: string) => stderr.mock.calls.some(([chunk]) => String(chunk).includes(`"message":"${message}"`));

  it("the job is retried and resumes where the committed pages left it: every transaction once", async () => {
    const { db } = h.deps;
    const first = gate.hold(enablebankingPage, PAGES_BEFORE_HOLD);
    const following = gate.hold(enablebankingPage, PAGES_BEFORE_HOLD + 1);
    const { connectionId, runId, journals } = await connectSandboxBank(h, h.co.accountant, "enablebanking");
    const banks = await Promise.all(journals.map((j) => bankAccount(db, "Sandbox Bank", j)));
    const [{ jobId }] = (await db.select({ jobId: syncRuns.jobId }).from(syncRuns).where(eq(syncRuns.id, runId))) as [{ jobId: string }];
    await first.held;

    // The next page will wait for this lock inside its transaction; the one after it waits at the gate.
    const locker = await admin.reserve();
    await locker`begin`;
    await locker`lock table statement_lines in exclusive mode`;
    first.release();
    let waiting: { pid: number }[] = [];
    await expect
      .poll(async () => (waiting = await admin`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`).length, { timeout: 10_000, interval: 50 })
      .toBe(1);
    const committed = await transactionLineCount(db, journals.map((j) => j.journalId));
    expect(committed).toBeGreaterThan(0);

    const [{ lockerPid }] = await locker<[{ lockerPid: number }]>`select pg_backend_pid() as "lockerPid"`;
    const terminated = await admin<{ pid: number; application: string }[]>`
      select pid, application_name as application, pg_terminate_backend(pid) as done
      from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and pid <> ${lockerPid}`;
    // The worker's page transaction, the app's other connections, and pg-boss's pool.
    expect(terminated.map((t) => t.pid)).toContain(waiting[0]!.pid);
    expect(terminated.some((t) => t.application === "banksync-jobs")).toBe(true);
    await locker`rollback`;
    locker.release();
    following.release();

    // Read through the test's own connection meanwhile: a query the app's pool sends in the instant a
    // terminated backend exits fails once (the worker's did, and was retried), which is not under test.
    await expect
      // A retry that comes while the cut attempt is still winding down (slow on a loaded machine) finds the run
      // held and is retried later, with pg-boss's backoff (5, 10, 20, 40 s): wait for a few of those.
      .poll(async () => (await admin<{ status: string }[]>`select status from sync_runs where id = ${runId}`)[0]?.status, { timeout: 150_000, interval: 250 })
      .toBe("succeeded");
    expect(logged("sync interrupted: the database connection was lost; the job will be retried")).toBe(true);
    await expect.poll(async () => (await h.boss.findJobs(syncQueueName("enablebanking"), { id: jobId }))[0]?.state, { timeout: 10_000, interval: 100 }).toBe("completed");
    // Retried: the attempt that was cut failed, and a retry did the rest (the first one, unless it came too early).
    expect((await h.boss.findJobs(syncQueueName("enablebanking"), { id: jobId }))[0]!.retryCount).toBeGreaterThanOrEqual(1);
    // No run is left queued or running.
    expect((await runsOf(db, connectionId)).map((r) => [r.id, r.status])).toEqual([[runId, "succeeded"]]);
    for (const [i, journal] of journals.entries()) {
      const lines = await journalLines(db, journal.journalId);
      expect(lines.onlineIds.length, journal.name).toBe(banks[i]!.postedIds.length);
      expect(new Set(lines.onlineIds), journal.name).toEqual(new Set(banks[i]!.postedIds));
      expect(lines.openingBalances, journal.name).toBe(1);
      expect(lines.balanceMinor, journal.name).toBe(banks[i]!.balanceMinor);
    }
  }, 240_000);
});
