import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncRuns } from "@/db/schema";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import { providerIds, type ProviderId } from "@/lib/banksync/providers/types";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { enablebankingPage, startHoldGate, type HoldGate } from "@/test/hold-gate";
import { connectSandboxBank } from "@/test/worker-journals";
import { legacySyncQueueName, syncQueueName } from "./sync-queue";
import { startSyncWorkers, type SyncWorkerDeps, type SyncWorkerOptions } from "./sync-worker";

/** Which providers' queues the workers take jobs from, and how many at once: each provider has its own queue. */
describe.each(drivers)("synchronization workers on %s", (driver) => {
  let h: ConnectHarness;
  let gate: HoldGate;
  let deps: SyncWorkerDeps;

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    gate = await startHoldGate(h.server.origin);
    const adapters = buildProviderAdapters({}, gate.sandboxUrl, { sleep: async () => {}, timeoutMs: 20_000 });
    deps = { ...h.deps, adapters, heartbeatMs: 1_000 };
  });
  afterAll(async () => {
    await gate?.close();
    await h?.close();
  });

  // The harness's queues have no workers: each test starts its own and stops them.
  const startWorkers = (options: SyncWorkerOptions) => startSyncWorkers(h.boss, deps, { scheduler: false, ...options });
  const stopWorkers = () => Promise.all([...providerIds.map(syncQueueName), legacySyncQueueName].map((name) => h.boss.offWork(name, { wait: true })));

  const statusesOf = async (...runIds: string[]) => {
    const rows = await h.deps.db.select({ id: syncRuns.id, status: syncRuns.status }).from(syncRuns).where(inArray(syncRuns.id, runIds));
    return runIds.map((id) => rows.find((r) => r.id === id)?.status);
  };
  const finished = (...runIds: string[]) =>
    expect.poll(() => statusesOf(...runIds), { timeout: 60_000, interval: 100 }).toEqual(runIds.map(() => "succeeded"));

  let companies = 0;
  /** Sandbox Bank connected in a company of its own: its initial run is queued, not yet worked. */
  const connect = async (provider: ProviderId) => {
    const co = await companyWithUsers(h.deps.db, `Workers ${driver} ${++companies}`);
    return connectSandboxBank(h, co.accountant, provider);
  };

  it("a provider at its limit holds back only its own jobs", async () => {
    const hold = gate.hold(enablebankingPage);
    const first = await connect("enablebanking");
    const second = await connect("enablebanking");
    const other = await connect("gocardless");
    await startWorkers({ concurrency: 4, perProvider: { enablebanking: 1 } });
    try {
      await hold.held;
      // The other provider's run goes through while Enable Banking's only slot is held.
      await finished(other.runId);
      expect((await statusesOf(first.runId, second.runId)).sort()).toEqual(["queued", "running"]);
      hold.release();
      await finished(first.runId, second.runId);
    } finally {
      hold.release();
      await stopWorkers();
    }
  }, 120_000);

  it("all providers together take no more than the process's synchronizations at once", async () => {
    const hold = gate.hold(enablebankingPage);
    const held = await connect("enablebanking");
    await startWorkers({ concurrency: 1 });
    try {
      await hold.held;
      const other = await connect("gocardless");
      // Long enough for the other provider's worker to have polled several times (every 0.5 s).
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await statusesOf(held.runId, other.runId)).toEqual(["running", "queued"]);
      hold.release();
      await finished(held.runId, other.runId);
    } finally {
      hold.release();
      await stopWorkers();
    }
  }, 120_000);

  it("still runs a job an earlier version queued in its single queue", async () => {
    const { runId, connectionId } = await connect("gocardless");
    // The run's job moved to the queue of every provider that versions before this one used.
    const [run] = await h.deps.db.select({ jobId: syncRuns.jobId }).from(syncRuns).where(eq(syncRuns.id, runId));
    await h.boss.cancel(syncQueueName("gocardless"), run!.jobId!);
    await h.boss.createQueue(legacySyncQueueName, { policy: "stately", retryLimit: 6 });
    const legacyJobId = await h.boss.send(legacySyncQueueName, { runId, connectionId, provider: "gocardless" }, { singletonKey: connectionId });
    await h.deps.db.update(syncRuns).set({ jobId: legacyJobId }).where(eq(syncRuns.id, runId));
    await startWorkers({});
    try {
      await finished(runId);
      await expect.poll(async () => (await h.boss.getJobById(legacySyncQueueName, legacyJobId!))?.state, { timeout: 10_000, interval: 100 }).toBe("completed");
    } finally {
      await stopWorkers();
      await h.boss.deleteQueue(legacySyncQueueName);
    }
  }, 120_000);
});
