import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, onlineAccounts, statementLines } from "@/db/schema";
import type { Db } from "@/db/client";
import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "../bank-accounts";
import { setLockEverythingDate } from "../companies";
import { addManualLine } from "../statement-lines";
import { OPENING_BALANCE_LABEL } from "./opening-balance";
import { fetchJournal } from "./requests";
import { waitForRun } from "@/test/runs";

async function linesOf(db: Db, journalId: string) {
  return db.select().from(statementLines).where(eq(statementLines.journalId, journalId)).orderBy(asc(statementLines.date), asc(statementLines.sequence));
}

const sum = (lines: { amountMinor: bigint }[]) => lines.reduce((total, l) => total + l.amountMinor, 0n);
const today = () => isoDate(appClock.now());

describe.each(drivers)("synchronizing on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  const newCompany = (name: string) => companyWithUsers(h.deps.db, name);
  const fetchAgain = async (actor: Awaited<ReturnType<typeof newCompany>>["admin"], journalId: string) => {
    const requested = await fetchJournal(h.deps, actor, journalId);
    return waitForRun(h.deps.db, requested.runId);
  };

  it("imports 400 days of Sandbox Bank into an empty journal, with an opening balance, and nothing twice", async () => {
    const co = await newCompany("Empty Co");
    const { runId, journals, connectionId } = await h.connectAll(co.accountant, "sandbox-bank", "gocardless");
    const run = await waitForRun(h.deps.db, runId);
    expect(run).toMatchObject({ status: "succeeded", trigger: "initial", imported: 1200, fetched: 1200, pendingSeen: 6, skippedKnown: 0 });

    const checking = journals.get("Checking")!;
    const lines = await linesOf(h.deps.db, checking);
    expect(lines).toHaveLength(401);
    expect(lines[0]).toMatchObject({ label: OPENING_BALANCE_LABEL, date: addDays(today(), -400), onlineTransactionId: null });
    expect(lines[1]!.date).toBe(addDays(today(), -400));
    expect(lines.at(-1)!.date).toBe(addDays(today(), -1));
    expect(lines.filter((l) => l.onlineTransactionId?.endsWith("-P1") || l.onlineTransactionId?.endsWith("-P2"))).toEqual([]);
    expect(new Set(lines.map((l) => l.onlineTransactionId)).size).toBe(401);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, checking));
    expect(sum(lines)).toBe(account!.balanceMinor);
    expect(lines[0]!.amountMinor).toBe(1_000_000n);
    expect(account).toMatchObject({ lastSyncDate: today(), fetchingStatus: "idle", openingBalanceDue: false });
    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(connection!.state).toBe("connected");
    expect(connection!.nextRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);

    const again = await fetchAgain(co.accountant, checking);
    expect(again).toMatchObject({ status: "succeeded", trigger: "manual", imported: 0, flagged: 0 });
    expect(await linesOf(h.deps.db, checking)).toHaveLength(401);
  });

  it("never imports on or before the lock date: 29 lines after a lock 30 days ago", async () => {
    const co = await newCompany("Locked Co");
    await setLockEverythingDate(h.deps.db, co.admin, addDays(today(), -30));
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-bank", "enablebanking");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded" });
    const lines = await linesOf(h.deps.db, journals.get("Checking")!);
    const transactions = lines.filter((l) => l.label !== OPENING_BALANCE_LABEL);
    expect(transactions).toHaveLength(29);
    expect(transactions[0]!.date).toBe(addDays(today(), -29));
    expect(lines.filter((l) => l.label === OPENING_BALANCE_LABEL)).toHaveLength(1);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, journals.get("Checking")!));
    expect(sum(lines)).toBe(account!.balanceMinor);
  });

  it("starts the day after a journal's last line, without an opening balance", async () => {
    const co = await newCompany("Manual Co");
    const probe = await h.consent(co.admin, "sandbox-90-day-bank", "gocardless", { cancelAt: "login" });
    expect(probe.attemptId).toBeTruthy();
    // The 90-day bank's one account, entered by hand first with a line 10 days ago.
    const { attemptId, callback } = await h.consent(co.admin, "sandbox-90-day-bank", "gocardless");
    await h.callback("gocardless", callback.searchParams, co.admin.userId);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.companyId, co.companyId));
    const { journalId } = await addManualBankAccount(h.deps.db, co.admin, { accountNumber: account!.iban! });
    await addManualLine(h.deps.db, co.admin, journalId, { date: addDays(today(), -10), label: "Entered by hand", amount: "-12.00" });
    const { synchronizeAccounts } = await import("../connect/link");
    const linked = await synchronizeAccounts(h.deps, co.admin, attemptId, [{ accountId: account!.id, target: journalId }]);
    expect(await waitForRun(h.deps.db, linked.runId)).toMatchObject({ status: "succeeded", imported: 9 });
    const lines = await linesOf(h.deps.db, journalId);
    expect(lines).toHaveLength(10);
    expect(lines.filter((l) => l.label === OPENING_BALANCE_LABEL)).toEqual([]);
    expect(lines[1]!.date).toBe(addDays(today(), -9));
  });

  it("gets 90 days from Sandbox 90-Day Bank", async () => {
    const co = await newCompany("Ninety Co");
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-90-day-bank", "gocardless");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded", imported: 90 });
    const lines = (await linesOf(h.deps.db, journals.get("Current Account")!)).filter((l) => l.label !== OPENING_BALANCE_LABEL);
    expect(lines).toHaveLength(90);
    expect(lines[0]!.date).toBe(addDays(today(), -90));
  });

  it("flags both lines of Sandbox Duplicates Bank's same-day twin, and imports its repeated id once", async () => {
    const co = await newCompany("Twins Co");
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-duplicates-bank", "enablebanking");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded", flagged: 2 });
    const lines = await linesOf(h.deps.db, journals.get("Current Account")!);
    const resetDay = today();
    const twins = lines.filter((l) => l.date === addDays(resetDay, -5));
    expect(twins).toHaveLength(2);
    expect(twins.every((l) => l.possibleDuplicate)).toBe(true);
    expect(twins.some((l) => l.label.endsWith(" bis"))).toBe(true);
    const repeated = lines.filter((l) => l.date === addDays(resetDay, -6));
    expect(repeated).toHaveLength(1);
    expect(repeated[0]!.possibleDuplicate).toBe(false);
    expect(lines.filter((l) => l.possibleDuplicate)).toHaveLength(2);
  });

  it("imports a transaction added at the bank for yesterday, and a pending one once it is posted", async () => {
    const co = await newCompany("Later Co");
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-bank", "saltedge");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded" });
    const savings = journals.get("Savings")!;
    const before = (await linesOf(h.deps.db, savings)).length;

    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Savings", date: addDays(today(), -1), amount: "-42.10", description: "Late booking", status: "posted" });
    const pending = (await h.server.control("transactions", { institution: "Sandbox Bank", account: "Savings", date: today(), amount: "-8.00", description: "Hotel", status: "pending" })) as { ids: Record<string, string> };
    expect(await fetchAgain(co.admin, savings)).toMatchObject({ status: "succeeded", imported: 1 });
    const late = (await linesOf(h.deps.db, savings)).filter((l) => l.label.includes("Late booking"));
    expect(late.map((l) => [l.date, l.amountMinor])).toEqual([[addDays(today(), -1), -4210n]]);

    await h.server.control("post", { institution: "Sandbox Bank", account: "Savings", id: pending.ids.saltedge, amount: "-8.50" });
    expect(await fetchAgain(co.admin, savings)).toMatchObject({ status: "succeeded", imported: 1 });
    expect(await fetchAgain(co.admin, savings)).toMatchObject({ status: "succeeded", imported: 0 });
    const hotel = (await linesOf(h.deps.db, savings)).filter((l) => l.label.includes("Hotel"));
    expect(hotel.map((l) => l.amountMinor)).toEqual([-850n]);
    expect((await linesOf(h.deps.db, savings)).length).toBe(before + 2);
  });

  it("follows Plaid's pending-to-posted semantics: the posted transaction is imported once, with its posted amount", async () => {
    const co = await newCompany("Plaid Co");
    const { runId, journals } = await h.connectAll(co.admin, "sandbox-us-bank", "plaid");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded", imported: 800 });
    const checking = journals.get("Plaid Checking")!;
    const pending = (await h.server.control("transactions", { institution: "Sandbox US Bank", account: "Plaid Checking", date: today(), amount: "-20.00", description: "Diner", status: "pending" })) as { ids: Record<string, string> };
    expect(await fetchAgain(co.admin, checking)).toMatchObject({ status: "succeeded", imported: 0 });
    await h.server.control("post", { institution: "Sandbox US Bank", account: "Plaid Checking", id: pending.ids.plaid, amount: "-23.40" });
    expect(await fetchAgain(co.admin, checking)).toMatchObject({ status: "succeeded", imported: 1 });
    expect(await fetchAgain(co.admin, checking)).toMatchObject({ status: "succeeded", imported: 0 });
    const diner = (await linesOf(h.deps.db, checking)).filter((l) => l.label.includes("Diner"));
    expect(diner.map((l) => l.amountMinor)).toEqual([-2340n]);
  });

  it("counts lines per journal exactly: no online id twice anywhere", async () => {
    const rows = await h.deps.db
      .select({ journalId: statementLines.journalId, id: statementLines.onlineTransactionId, n: sql<number>`count(*)::int` })
      .from(statementLines)
      .where(and(sql`${statementLines.onlineTransactionId} is not null`))
      .groupBy(statementLines.journalId, statementLines.onlineTransactionId)
      .having(sql`count(*) > 1`);
    expect(rows).toEqual([]);
  });
});
