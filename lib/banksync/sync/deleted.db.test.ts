import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { companies, connectionMessages, connections, journals as journalTable, onlineAccounts, statementLines, syncRuns } from "@/db/schema";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import { sandboxToday } from "@/lib/sandbox/store";
import { syncQueueName } from "@/lib/jobs/sync-queue";
import { startSyncWorkers } from "@/lib/jobs/sync-worker";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { enablebankingPage, enablebankingRevoke, startHoldGate, type HoldGate } from "@/test/hold-gate";
import { waitForRun } from "@/test/runs";
import { bankAccount, connectSandboxBank, journalLines, transactionLineCount, type LinkedJournal } from "@/test/worker-journals";
import { deleteConnection } from "../connections/delete";
import type { ManageDeps } from "../connections/deps";
import { requestRun } from "./requests";

/** Pages of the first account committed before the worker is held at the next one. */
const PAGES_BEFORE_HOLD = 2;

/**
 * What happens when the connection a worker is synchronizing goes away under it. The UI's Delete is
 * refused while a live worker holds the run (connections/delete.ts), so a deletion mid-run comes from
 * elsewhere: a run that started while a deletion was revoking the consent (a scheduled tick, a click in
 * another tab; the same path as housekeeping's removal of unused connections), or an operator's DELETE
 * of the connection, of its company or of one of its journals. Each time the worker is held by a proxy
 * in front of the sandbox at an exact request, the deletion is made, and the worker let go.
 */
describe.each(drivers)("a synchronization whose connection is deleted while it runs on %s", (driver) => {
  let h: ConnectHarness;
  let gate: HoldGate;
  let deps: ManageDeps;

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    gate = await startHoldGate(h.server.origin);
    // The workers and the deletions talk to the sandbox through the gate; the consents go straight to it.
    deps = { ...h.deps, adapters: buildProviderAdapters({}, gate.sandboxUrl, { sleep: async () => {}, timeoutMs: 20_000 }), heartbeatMs: 500 };
    await startSyncWorkers(h.boss, deps, { scheduler: false });
  });
  afterAll(async () => {
    await gate?.close();
    await h?.close();
  });

  // The logger writes a JSON line per entry on stderr: read them, and let them through.
  const stderr = vi.spyOn(process.stderr, "write");
  const logLines = () => stderr.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.startsWith("{"));

  /** A company of its own with Sandbox Bank through Enable Banking (100 rows a page), its initial run queued. */
  async function connect(name: string) {
    const co = await companyWithUsers(h.deps.db, name);
    const connected = await connectSandboxBank(h, co.accountant, "enablebanking");
    const [run] = await h.deps.db.select({ jobId: syncRuns.jobId }).from(syncRuns).where(eq(syncRuns.id, connected.runId));
    return { co, ...connected, jobId: run!.jobId! };
  }

  /** The pg-boss job ends once, completed: not failed, not waiting for a retry. */
  async function expectJobCompleted(jobId: string) {
    await expect.poll(async () => (await h.boss.findJobs(syncQueueName("enablebanking"), { id: jobId }))[0]?.state, { timeout: 20_000, interval: 100 }).toBe("completed");
    const [job] = await h.boss.findJobs(syncQueueName("enablebanking"), { id: jobId });
    expect(job!.retryCount).toBe(0);
  }

  /** Once the held worker is let go: it logs plainly that it stopped, and nothing worse. */
  async function expectStoppedPlainly(message: string) {
    await expect.poll(() => logLines().some((line) => line.includes(`"message":"${message}"`)), { timeout: 20_000, interval: 100 }).toBe(true);
    expect(logLines().filter((line) => line.includes('"level":"error"'))).toEqual([]);
  }

  /** Every row that names the connection went with it; the journals stay, as after "Delete". */
  async function expectNoRowsOf(connectionId: string) {
    const { db } = h.deps;
    for (const table of [connections, onlineAccounts, syncRuns, connectionMessages]) {
      const column = table === connections ? connections.id : (table as typeof syncRuns).connectionId;
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(column, connectionId));
      expect(row!.n).toBe(0);
    }
  }

  const ids = (journals: LinkedJournal[]) => journals.map((j) => j.journalId);

  it("an operator's DELETE of the connection: the pages committed before stay, nothing is written after", async () => {
    stderr.mockClear();
    const page = gate.hold(enablebankingPage, PAGES_BEFORE_HOLD);
    const { connectionId, jobId, journals } = await connect("Operator Co");
    await page.held;

    await h.deps.db.delete(connections).where(eq(connections.id, connectionId));
    const committed = await transactionLineCount(h.deps.db, ids(journals));
    expect(committed).toBeGreaterThan(0);
    page.release();

    await expectStoppedPlainly("sync stopped: its connection was deleted while it ran");
    await expectJobCompleted(jobId);
    expect(await transactionLineCount(h.deps.db, ids(journals))).toBe(committed);
    for (const journal of journals) expect((await journalLines(h.deps.db, journal.journalId)).openingBalances, journal.name).toBe(0);
    await expectNoRowsOf(connectionId);
  });

  it("a run that started while Delete was revoking the consent: the deletion wins, the run imports nothing", async () => {
    const { co, connectionId, runId, journals } = await connect("Race Co");
    expect((await waitForRun(h.deps.db, runId)).status).toBe("succeeded");
    const before = await Promise.all(journals.map((j) => journalLines(h.deps.db, j.journalId)));
    // New at the bank: the run would bring it in, were it not stopped.
    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Checking", date: await sandboxToday(h.deps.db), amount: "-12.34", description: "After the deletion", status: "posted" });
    stderr.mockClear();

    const revoke = gate.hold(enablebankingRevoke);
    const page = gate.hold(enablebankingPage);
    const deleting = deleteConnection(deps, co.accountant, connectionId);
    await revoke.held;
    // Delete checked that no run was active and is now at the provider: a run starts meanwhile.
    const scheduled = await requestRun(deps, connectionId, "scheduled", null);
    expect(scheduled.alreadyActive).toBe(false);
    const [job] = await h.deps.db.select({ jobId: syncRuns.jobId }).from(syncRuns).where(eq(syncRuns.id, scheduled.runId));
    await page.held;
    revoke.release();
    expect(await deleting).toEqual({ status: "deleted" });
    page.release();

    await expectStoppedPlainly("sync stopped: its connection was deleted while it ran");
    await expectJobCompleted(job!.jobId!);
    const after = await Promise.all(journals.map((j) => journalLines(h.deps.db, j.journalId)));
    expect(after).toEqual(before);
    await expectNoRowsOf(connectionId);
  });

  it("its company removed: nothing of the company is left, and the job ends", async () => {
    stderr.mockClear();
    const page = gate.hold(enablebankingPage, PAGES_BEFORE_HOLD);
    const { co, connectionId, jobId, journals } = await connect("Removed Co");
    await page.held;

    await h.deps.db.delete(companies).where(eq(companies.id, co.companyId));
    page.release();

    await expectStoppedPlainly("sync stopped: its connection was deleted while it ran");
    await expectJobCompleted(jobId);
    expect(await transactionLineCount(h.deps.db, ids(journals))).toBe(0);
    expect(await h.deps.db.select().from(journalTable).where(inArray(journalTable.id, ids(journals)))).toEqual([]);
    const [lines] = await h.deps.db.select({ n: sql<number>`count(*)::int` }).from(statementLines).where(eq(statementLines.companyId, co.companyId));
    expect(lines!.n).toBe(0);
    await expectNoRowsOf(connectionId);
  });

  it("one of its journals removed: that account stops, the others end exactly right", async () => {
    stderr.mockClear();
    const page = gate.hold(enablebankingPage, PAGES_BEFORE_HOLD);
    const { connectionId, runId, jobId, journals } = await connect("Journal Co");
    const heldPath = await page.held;
    const removed = journals.find((j) => heldPath.includes(`/accounts/${j.externalId}/`));
    expect(removed, heldPath).toBeDefined();

    await h.deps.db.delete(journalTable).where(eq(journalTable.id, removed!.journalId));
    page.release();

    const run = await waitForRun(h.deps.db, runId);
    expect(run.status).toBe("succeeded");
    await expectStoppedPlainly("sync of an account stopped: its journal link went away");
    await expectJobCompleted(jobId);
    expect(await transactionLineCount(h.deps.db, [removed!.journalId])).toBe(0);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(and(eq(onlineAccounts.connectionId, connectionId), eq(onlineAccounts.externalId, removed!.externalId)));
    expect(account).toMatchObject({ connectionId, journalId: null, fetchingStatus: "idle" });
    for (const journal of journals.filter((j) => j !== removed)) {
      const bank = await bankAccount(h.deps.db, "Sandbox Bank", journal);
      const lines = await journalLines(h.deps.db, journal.journalId);
      expect(lines.onlineIds.length, journal.name).toBe(bank.postedIds.length);
      expect(new Set(lines.onlineIds), journal.name).toEqual(new Set(bank.postedIds));
      expect(lines.openingBalances, journal.name).toBe(1);
      expect(lines.balanceMinor, journal.name).toBe(bank.balanceMinor);
    }
  });
});
