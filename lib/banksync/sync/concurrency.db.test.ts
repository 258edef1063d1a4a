import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncRuns } from "@/db/schema";
import { addDays } from "@/lib/dates";
import { providerIds } from "@/lib/banksync/providers/types";
import { syncQueueName } from "@/lib/jobs/sync-queue";
import { startSyncWorkers, type SyncWorkerDeps } from "@/lib/jobs/sync-worker";
import { sandboxToday } from "@/lib/sandbox/store";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { bankAccount, connectSandboxBank, journalLines, runsOf, type LinkedJournal } from "@/test/worker-journals";
import { fetchJournal } from "./requests";
import { runSync } from "./run";

const PARALLEL = 10;

describe.each(drivers)("concurrent synchronizations of one connection on %s", (driver) => {
  let h: ConnectHarness;
  let deps: SyncWorkerDeps;
  let connectionId: string;
  let journals: LinkedJournal[];

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    deps = { ...h.deps, heartbeatMs: 1_000 };
  });
  afterAll(() => h?.close());

  // The harness's queue has no workers: these start and stop them, so a test decides when runs are worked.
  const startWorkers = () => startSyncWorkers(h.boss, deps, { scheduler: false });
  const stopWorkers = () => Promise.all(providerIds.map((p) => h.boss.offWork(syncQueueName(p), { wait: true })));

  const statusOf = async (runId: string) => (await h.deps.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, runId)))[0]?.status;
  const finished = (runId: string) => expect.poll(() => statusOf(runId), { timeout: 30_000, interval: 100 }).toBe("succeeded");

  /** "Fetch Transactions" clicked `PARALLEL` times at once, spread over the connection's journals. */
  const fetchAll = () => Promise.all(Array.from({ length: PARALLEL }, (_, i) => fetchJournal(h.deps, h.co.accountant, journals[i % journals.length]!.journalId)));

  /** Every journal holds each of its bank's posted transactions exactly once, plus one opening balance line, and the bank's balance. */
  const expectJournalsMatchTheBank = async () => {
    for (const journal of journals) {
      const bank = await bankAccount(h.deps.db, "Sandbox Bank", journal);
      const lines = await journalLines(h.deps.db, journal.journalId);
      expect(lines.onlineIds.length, journal.name).toBe(new Set(lines.onlineIds).size);
      expect(new Set(lines.onlineIds), journal.name).toEqual(new Set(bank.postedIds));
      expect(lines.openingBalances, journal.name).toBe(1);
      expect(lines.balanceMinor, journal.name).toBe(bank.balanceMinor);
    }
  };

  it("answers ten clicks while the initial synchronization waits with that run", async () => {
    const connected = await connectSandboxBank(h, h.co.accountant, "gocardless");
    ({ connectionId, journals } = connected);
    const answers = await fetchAll();
    expect(answers).toEqual(Array.from({ length: PARALLEL }, () => ({ runId: connected.runId, connectionId, alreadyActive: true })));

    await startWorkers();
    await finished(connected.runId);
    expect((await runsOf(h.deps.db, connectionId)).map((r) => r.id)).toEqual([connected.runId]);
    await expectJournalsMatchTheBank();
  });

  it("makes one run of ten clicks at once, and imports the new transaction once", async () => {
    await stopWorkers();
    const today = await sandboxToday(h.deps.db);
    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Checking", date: addDays(today, -1), amount: "-12.34", description: "Clicked ten times", status: "posted" });

    const answers = await fetchAll();
    const runIds = new Set(answers.map((a) => a.runId));
    expect(runIds.size).toBe(1);
    expect(answers.filter((a) => !a.alreadyActive)).toHaveLength(1);
    const [runId] = runIds;
    const queued = (await runsOf(h.deps.db, connectionId)).filter((r) => r.status === "queued");
    expect(queued.map((r) => r.id)).toEqual([runId]);
    expect(queued[0]!.jobId).not.toBeNull();

    await startWorkers();
    await finished(runId!);
    const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, runId!));
    expect(run).toMatchObject({ trigger: "manual", imported: 1, flagged: 0 });
    await expectJournalsMatchTheBank();
  });

  it("lets one of ten workers handed the same run work it; the others skip it", async () => {
    await stopWorkers();
    const today = await sandboxToday(h.deps.db);
    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Savings", date: addDays(today, -1), amount: "56.78", description: "Worked once", status: "posted" });
    const [requested] = await fetchAll();

    const results = await Promise.all(Array.from({ length: PARALLEL }, () => runSync(deps, requested!.runId)));
    expect(results.map((r) => r.status).sort()).toEqual([...Array.from({ length: PARALLEL - 1 }, () => "skipped"), "succeeded"]);
    expect(results.find((r) => r.status === "succeeded")!.counts.imported).toBe(1);
    expect(await statusOf(requested!.runId)).toBe("succeeded");
    await expectJournalsMatchTheBank();
  });
});
