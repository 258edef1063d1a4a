import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectionAttempts, connections, missingFetches, onlineAccounts, syncRuns } from "@/db/schema";
import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import type { FaultMode } from "@/lib/sandbox/store";
import { APP_ORIGIN, startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import {
  armFault,
  authorize,
  bankOf,
  expectedStates,
  faultModesOf,
  faultOutcome,
  faultsTaken,
  firstSyncPages,
  linkAll,
  loggedWith,
  phases,
  placement,
  snapshot,
  statesOf,
  timeoutFaultMs,
  useMatrixAdapters,
  warmUp,
  type Ending,
  type Linked,
  type Phase,
} from "@/test/faults";
import { companyWithUsers } from "@/test/fixtures";
import { completeHostedConsent } from "@/test/hosted-consent";
import { waitForRun } from "@/test/runs";
import { bankAccount, journalLines } from "@/test/worker-journals";
import type { Actor } from "../actor";
import { providerIds } from "../providers/types";
import { setAutoSync } from "../connection-settings";
import { startReconnection } from "../connect/reconnect";
import { MissingFetchError } from "../missing/failure";
import { findMissingTransactions } from "../missing/find";
import { importMissingTransactions } from "../missing/import";
import { fetchJournal } from "./requests";

type Tick = { runs: { connection: string; status: string }[] };

const today = () => isoDate(appClock.now());

/**
 * Every fault mode of the sandbox's control API × every provider × every moment a provider is
 * called (DESIGN.md §4, step 5): the connection ends in the state the taxonomy says, with a reference
 * where it is an error, the journals hold exactly the pages that were committed, and a later clean
 * run completes them.
 */
describe.each(drivers)("provider faults on %s", (driver) => {
  // One sandbox and database for all providers: each provider's connections live in companies of their own.
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    useMatrixAdapters(h);
    await h.startWorkers();
  });
  afterAll(async () => {
    delete process.env.SANDBOX_TIMEOUT_FAULT_MS;
    await h?.close();
  });

  describe.each(providerIds)("%s", (provider) => {
    /** The company and connection the scheduled, missing and update phases reuse; its initial run is clean. */
    let co: Awaited<ReturnType<typeof companyWithUsers>>;
    let main: Linked;

    beforeAll(async () => {
      co = await companyWithUsers(h.deps.db, `${provider} main`);
      main = await linkAll(h, co.accountant, provider, await authorize(h, co.accountant, provider));
      expect(await waitForRun(h.deps.db, main.runId)).toMatchObject({ status: "succeeded" });
    });
    // Out of the next provider's scheduler ticks.
    afterAll(() => setAutoSync(h.deps.db, co.accountant, main.connectionId, false));
    // A case that failed half-way leaves nothing armed for the next.
    afterEach(() => armFault(h, provider, "http500", 0));

    const connectionRow = async (connectionId: string) => (await h.deps.db.select().from(connections).where(eq(connections.id, connectionId)))[0]!;

    /** A synchronization's run and connection as `ending` says, with the error's reference on both and in the log. */
    async function expectRunEnded(runId: string, connectionId: string, ending: Ending): Promise<void> {
      const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
      const connection = await connectionRow(connectionId);
      if (ending === "error") {
        expect(run).toMatchObject({ status: "failed", errorReference: expect.stringMatching(/^BS-[0-9A-Z]{8}$/) });
        expect(connection).toMatchObject({ state: "error", lastErrorReference: run!.errorReference });
        expect(await loggedWith(h, connectionId, run!.errorReference!)).toEqual([{ level: "error", text: expect.stringContaining("failed") }]);
        return;
      }
      expect(run).toMatchObject({ status: "succeeded", errorReference: null });
      expect(connection).toMatchObject({ state: "connected", lastErrorReference: null });
      if (ending === "limited") {
        // Come back after the provider's reset (a minute away), not before.
        expect(run!.notBefore!.getTime()).toBeGreaterThan(run!.finishedAt!.getTime());
        expect(connection.nextRefreshAt!.getTime()).toBeGreaterThanOrEqual(run!.notBefore!.getTime());
      } else {
        expect(run!.notBefore).toBeNull();
      }
    }

    /** Armed faults taken as the taxonomy says; what is left is disarmed. */
    async function expectFaultsTaken(mode: FaultMode): Promise<void> {
      const outcome = faultOutcome(mode);
      expect(await faultsTaken(h, provider, outcome.count)).toBe(outcome.taken);
      await armFault(h, provider, mode, 0);
    }

    /** "Fetch Transactions" with nothing armed: every journal ends complete. */
    async function expectCleanRunCompletes(actor: Actor, linked: Linked, before: Map<string, Set<string>>): Promise<void> {
      const again = await fetchJournal(h.deps, actor, linked.journals[0]!.journalId);
      expect(await waitForRun(h.deps.db, again.runId)).toMatchObject({ status: "succeeded", notBefore: null });
      expect(await statesOf(h, provider, linked.journals, before)).toEqual(linked.journals.map(() => "complete"));
      expect(await connectionRow(linked.connectionId)).toMatchObject({ state: "connected", lastErrorReference: null });
    }

    const cases: Record<Phase, (mode: FaultMode) => Promise<void>> = {
      async initial(mode) {
        const outcome = faultOutcome(mode);
        const place = placement(provider, "initial");
        // A company of its own, so a new journal takes the bank's account again; one account is enough
        // here (the scheduled phase shows what a fault in one account does to the others).
        const owner = await companyWithUsers(h.deps.db, `${provider} initial ${mode}`);
        const attemptId = await authorize(h, owner.accountant, provider, 1);
        await armFault(h, provider, mode, outcome.count, place.after);
        const linked = await linkAll(h, owner.accountant, provider, attemptId);
        // Out of the scheduled phase's ticks, which must see the main connection alone.
        await setAutoSync(h.deps.db, owner.accountant, linked.connectionId, false);
        await waitForRun(h.deps.db, linked.runId);
        await expectFaultsTaken(mode);
        await expectRunEnded(linked.runId, linked.connectionId, outcome.ending);

        const empty = new Map<string, Set<string>>();
        let states = await statesOf(h, provider, linked.journals, empty);
        if (states.includes("part of a page")) {
          // Judged against the pages the provider gives, asked again with nothing armed.
          const connection = await connectionRow(linked.connectionId);
          const pages = new Map<string, string[][]>();
          for (const journal of linked.journals) {
            const [account] = await h.deps.db.select({ syncFrom: onlineAccounts.syncFrom }).from(onlineAccounts).where(eq(onlineAccounts.id, journal.onlineAccountId));
            pages.set(journal.journalId, await firstSyncPages(h, provider, connection, journal, { from: account!.syncFrom!, to: today() }));
          }
          states = await statesOf(h, provider, linked.journals, empty, pages);
        }
        expect([...states].sort()).toEqual(expectedStates(outcome.ending, place, linked.journals.length));
        // The opening balance closes a first synchronization once its account is finished, balance included.
        const [only] = linked.journals;
        expect((await journalLines(h.deps.db, only!.journalId)).openingBalances).toBe(outcome.ending === "recovered" ? 1 : 0);

        await expectCleanRunCompletes(owner.accountant, linked, empty);
        for (const journal of linked.journals) {
          const lines = await journalLines(h.deps.db, journal.journalId);
          expect(lines.openingBalances).toBe(1);
          expect(lines.balanceMinor).toBe((await bankAccount(h.deps.db, bankOf[provider].name, journal)).balanceMinor);
        }
      },

      async scheduled(mode) {
        const outcome = faultOutcome(mode);
        const place = placement(provider, "scheduled");
        // A day later: the connection is due and each account has a new posted transaction.
        await h.server.control("clock", { advanceHours: 24 });
        const before = await snapshot(h, main.journals);
        await warmUp(h, provider, await connectionRow(main.connectionId), main.journals[0]!);
        await armFault(h, provider, mode, outcome.count, place.after);
        const tick = (await h.server.control("run-scheduled-sync")) as Tick;
        expect(tick.runs.map((r) => r.connection)).toEqual([main.connectionId]);
        await expectFaultsTaken(mode);
        const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.connectionId, main.connectionId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
        expect(run!.trigger).toBe("scheduled");
        await expectRunEnded(run!.id, main.connectionId, outcome.ending);
        expect((await statesOf(h, provider, main.journals, before)).sort()).toEqual(expectedStates(outcome.ending, place, main.journals.length));
        await expectCleanRunCompletes(co.accountant, main, before);
      },

      async missing(mode) {
        const outcome = faultOutcome(mode);
        const journal = main.journals[0]!;
        // Booked late, before the 7-day overlap of a synchronization: only Find Missing Transactions sees them.
        const late: string[] = [];
        for (const daysAgo of [20, 21]) {
          const answer = (await h.server.control("transactions", {
            institution: bankOf[provider].name,
            account: journal.name,
            date: addDays(today(), -daysAgo),
            amount: `-${daysAgo}.40`,
            description: `Late booking ${mode}`,
            status: "posted",
          })) as { ids: Record<string, string> };
          late.push(answer.ids[provider]!);
        }
        const before = await snapshot(h, [journal]);
        const [fetches] = await h.deps.db.select({ n: count() }).from(missingFetches);
        const state = (await connectionRow(main.connectionId)).state;
        const since = addDays(today(), -400);
        await warmUp(h, provider, await connectionRow(main.connectionId), journal);
        await armFault(h, provider, mode, outcome.count, placement(provider, "missing").after);

        const find = () => findMissingTransactions(h.deps, co.accountant, journal.journalId, since);
        if (outcome.ending === "recovered") {
          expect((await find()).transactions.filter((t) => t.status === "posted").map((t) => t.id).sort()).toEqual(late.sort());
        } else {
          const error = await find().then(
            () => null,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(MissingFetchError);
          const { reference, description } = error as MissingFetchError;
          expect(reference).toMatch(/^BS-[0-9A-Z]{8}$/);
          if (outcome.ending === "limited") expect(description).toContain("try again after");
          expect(await loggedWith(h, main.connectionId, reference)).toEqual([{ level: "error", text: expect.stringContaining("FindMissing.log.failed") }]);
          // The user is here to try again: the connection keeps its state, nothing is kept of the answer.
          expect((await connectionRow(main.connectionId)).state).toBe(state);
          expect((await h.deps.db.select({ n: count() }).from(missingFetches))[0]).toEqual(fetches);
        }
        await expectFaultsTaken(mode);
        expect(await statesOf(h, provider, [journal], before)).toEqual(["unchanged"]);

        const found = await find();
        const posted = found.transactions.filter((t) => t.status === "posted").map((t) => t.id);
        expect(posted.sort()).toEqual(late.sort());
        expect(await importMissingTransactions(h.deps, co.accountant, journal.journalId, found.fetchId, posted)).toMatchObject({ imported: 2 });
        const lines = await journalLines(h.deps.db, journal.journalId);
        expect(lines.onlineIds.sort()).toEqual([...before.get(journal.journalId)!, ...late].sort());
      },

      async update(mode) {
        const outcome = faultOutcome(mode);
        // A transaction of yesterday at each account: what the synchronization after the update brings.
        for (const journal of main.journals) {
          await h.server.control("transactions", {
            institution: bankOf[provider].name,
            account: journal.name,
            date: addDays(today(), -1),
            amount: "-3.10",
            description: `Booked before updating credentials ${mode}`,
            status: "posted",
          });
        }
        const before = await snapshot(h, main.journals);
        const connection = await connectionRow(main.connectionId);
        const updateCredentials = async () => {
          const started = await startReconnection(h.deps, co.accountant, { connectionId: main.connectionId, appOrigin: APP_ORIGIN, language: "en" });
          if (!started.ok) throw new Error(started.failure.message.key);
          return { attemptId: started.attemptId, back: await completeHostedConsent(started.url, { accounts: bankOf[provider].accounts }) };
        };
        const updateRun = async () =>
          (await h.deps.db.select().from(syncRuns).where(and(eq(syncRuns.connectionId, main.connectionId), eq(syncRuns.trigger, "update"))).orderBy(desc(syncRuns.queuedAt)).limit(1))[0];
        const runBefore = await updateRun();

        const { attemptId, back } = await updateCredentials();
        await armFault(h, provider, mode, outcome.count, placement(provider, "update").after);
        const answer = await h.callback(provider, back.searchParams, co.accountant.userId);
        await expectFaultsTaken(mode);
        if (outcome.ending === "recovered") {
          expect(answer).toEqual({ outcome: "authorized", attemptId });
          expect(await waitForRun(h.deps.db, (await updateRun())!.id)).toMatchObject({ status: "succeeded" });
          expect(await statesOf(h, provider, main.journals, before)).toEqual(main.journals.map(() => "complete"));
          return;
        }
        if (answer.outcome !== "failed") throw new Error(`Update Credentials under ${mode} answered ${JSON.stringify(answer)}`);
        expect(answer.failure.reference).toMatch(/^BS-[0-9A-Z]{8}$/);
        const [attempt] = await h.deps.db.select().from(connectionAttempts).where(eq(connectionAttempts.id, attemptId));
        expect(attempt).toMatchObject({ status: "failed", errorReference: answer.failure.reference });
        expect(await loggedWith(h, main.connectionId, answer.failure.reference)).toEqual([{ level: "error", text: expect.stringMatching(/"key":"ConnectLog\.updateFailed(Code)?".*"outcome":"failed"/) }]);
        // The consent in place still holds: the connection keeps it, its state, and its journals as they were.
        expect(await connectionRow(main.connectionId)).toMatchObject({ state: connection.state, secret: connection.secret });
        expect((await updateRun())?.id).toBe(runBefore?.id);
        expect(await statesOf(h, provider, main.journals, before)).toEqual(main.journals.map(() => "unchanged"));

        const clean = await updateCredentials();
        expect(await h.callback(provider, clean.back.searchParams, co.accountant.userId)).toEqual({ outcome: "authorized", attemptId: clean.attemptId });
        expect(await waitForRun(h.deps.db, (await updateRun())!.id)).toMatchObject({ status: "succeeded" });
        expect(await statesOf(h, provider, main.journals, before)).toEqual(main.journals.map(() => "complete"));
        expect(await connectionRow(main.connectionId)).toMatchObject({ state: "connected", lastErrorReference: null });
      },
    };

    describe.each(phases)("%s", (phase) => {
      it.each(faultModesOf(provider))("%s", async (mode) => {
        // The sandbox serves from this process and reads its knob at each call.
        process.env.SANDBOX_TIMEOUT_FAULT_MS = String(timeoutFaultMs(phase));
        await cases[phase](mode);
      });
    });
  });
});
