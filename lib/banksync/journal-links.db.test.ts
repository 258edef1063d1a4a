import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appClock } from "@/lib/clock";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "./bank-accounts";
import { getJournalLink, journalSyncView } from "./journal-links";
import { fetchJournal } from "./sync/requests";
import { waitForRun } from "@/test/runs";

describe.each(drivers)("a journal card's synchronization status on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  it("follows the connection's latest run: what it imported; a second fetch imports nothing", async () => {
    const co = await companyWithUsers(h.deps.db, "Card Co");
    const { runId, journals, connectionId } = await h.connectAll(co.accountant, "sandbox-90-day-bank", "gocardless");
    const journalId = journals.get("Current Account")!;

    // The workers may already have run it: only what holds either way is checked before it ends.
    const queued = await getJournalLink(h.deps.db, co.viewer, journalId);
    expect(queued).toMatchObject({ connectionId, institutionName: "Sandbox 90-Day Bank", providerName: "GoCardless", autoSync: true });
    expect(queued!.latestRun).toMatchObject({ id: runId, trigger: "initial" });

    expect((await waitForRun(h.deps.db, runId)).status).toBe("succeeded");
    const first = journalSyncView(journalId, (await getJournalLink(h.deps.db, co.viewer, journalId))!, appClock.now());
    expect(first.run).toMatchObject({ id: runId, status: "succeeded", imported: 90, errorMessage: null, refreshLimitedUntil: null });
    expect(first.state).toBe("connected");
    const last = Date.parse(first.lastRefreshAt!);
    expect(Date.parse(first.nextRefreshAt!) - last).toBe(12 * 3600_000);

    const again = await fetchJournal(h.deps, co.accountant, journalId);
    expect((await waitForRun(h.deps.db, again.runId)).status).toBe("succeeded");
    const second = journalSyncView(journalId, (await getJournalLink(h.deps.db, co.viewer, journalId))!, appClock.now());
    expect(second.run).toMatchObject({ id: again.runId, trigger: "manual", status: "succeeded", imported: 0 });
  });

  it("counts on each journal's card what the run brought to that journal, not to the whole connection", async () => {
    const co = await companyWithUsers(h.deps.db, "Three Accounts Co");
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-bank", "gocardless");
    expect((await waitForRun(h.deps.db, runId)).status).toBe("succeeded");
    for (const name of ["Checking", "Savings", "Card"]) {
      const link = await getJournalLink(h.deps.db, co.viewer, journals.get(name)!);
      expect(link!.latestRun, name).toMatchObject({ id: runId, imported: 400, fetched: 400 });
    }
  });

  it("answers nothing for a journal of another company, a journal without a bank, or a malformed id", async () => {
    const co = await companyWithUsers(h.deps.db, "Owner Co");
    const other = await companyWithUsers(h.deps.db, "Stranger Co");
    const { journals } = await h.connectAll(co.admin, "sandbox-flaky-bank", "gocardless");
    const journalId = [...journals.values()][0]!;
    expect(await getJournalLink(h.deps.db, co.viewer, journalId)).not.toBeNull();
    expect(await getJournalLink(h.deps.db, other.admin, journalId)).toBeNull();
    const { journalId: manual } = await addManualBankAccount(h.deps.db, co.admin, { accountNumber: "BE71 0961 2345 6769" });
    expect(await getJournalLink(h.deps.db, co.admin, manual)).toBeNull();
    expect(await getJournalLink(h.deps.db, co.admin, "not-a-uuid")).toBeNull();
  });
});
