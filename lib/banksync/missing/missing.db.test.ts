import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companies, connections, journals, missingFetches, statementLines, syncRuns } from "@/db/schema";
import type { Db } from "@/db/client";
import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { say } from "@/test/i18n";
import type { MessageKey } from "@/i18n/message";
import { listConnectionLog } from "../connections/log";
import { sayStoredText } from "../connections/stored-text";
import { ForbiddenError, LockDateError, NotFoundError, ValidationError } from "../errors";
import { fetchJournal } from "../sync/requests";
import { MissingFetchError } from "./failure";
import { findMissingTransactions } from "./find";
import { importMissingTransactions } from "./import";
import { BEFORE_CONNECTION_WARNING } from "./warnings";
import { waitForRun } from "@/test/runs";

/** A viewer is refused as such: the error, and what the user is told. */
const viewerRefusal = { name: "ForbiddenError", message: "Viewers can read but not change anything.", userMessage: { key: "Errors.viewerReadOnly" } };

async function lineCount(db: Db, journalId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(statementLines).where(eq(statementLines.journalId, journalId));
  return row?.n ?? 0;
}

async function fetchCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(missingFetches);
  return row?.n ?? 0;
}

const today = () => isoDate(appClock.now());

describe.each(drivers)("Find Missing Transactions on %s", (driver) => {
  let h: ConnectHarness;
  let connectionId: string;
  let checking: string;
  let savings: string;

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
    const connected = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    expect(await waitForRun(h.deps.db, connected.runId)).toMatchObject({ status: "succeeded" });
    connectionId = connected.connectionId;
    checking = connected.journals.get("Checking")!;
    savings = connected.journals.get("Savings")!;
  });
  afterAll(() => h?.close());

  /** A posted transaction the bank books late, after the journal's last synchronization. */
  async function bookLate(daysAgo: number, amount: string, description: string): Promise<string> {
    const answer = (await h.server.control("transactions", {
      institution: "Sandbox Bank",
      account: "Checking",
      date: addDays(today(), -daysAgo),
      amount,
      description,
      status: "posted",
    })) as { id: string };
    return answer.id;
  }

  it("lists a transaction booked late that Fetch Transactions misses, as Posted beside the Pending ones, and imports it once", async () => {
    const lateId = await bookLate(10, "-33.30", "Late booking");
    const before = await lineCount(h.deps.db, checking);

    // Outside the 7-day overlap of a later synchronization: "Fetch Transactions" does not see it.
    const fetched = await fetchJournal(h.deps, h.co.accountant, checking);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    expect(await lineCount(h.deps.db, checking)).toBe(before);

    const since = addDays(today(), -30);
    const found = await findMissingTransactions(h.deps, h.co.accountant, checking, since);
    expect(found.since).toBe(since);
    expect(found.warnings).toEqual([BEFORE_CONNECTION_WARNING]);
    expect(found.transactions.filter((t) => t.status === "posted")).toEqual([
      {
        id: lateId,
        date: addDays(today(), -10),
        label: "Late booking",
        partner: null,
        counterpartAccount: null,
        amountMinor: -3330n,
        currency: "EUR",
        status: "posted",
      },
    ]);
    const pending = found.transactions.filter((t) => t.status === "pending");
    expect(pending.map((t) => [t.label, t.amountMinor, t.date]).sort()).toEqual([
      ["Pending 1", -500n, today()],
      ["Pending 2", -750n, today()],
    ]);
    // GoCardless gives pending rows no id: they are listed under the id the adapter derives.
    for (const t of pending) expect(t.id).toMatch(/^h-/);
    const [stored] = await h.deps.db.select().from(missingFetches).where(eq(missingFetches.id, found.fetchId));
    expect(stored).toMatchObject({ journalId: checking, companyId: h.co.companyId, userId: h.co.accountant.userId, since });

    const imported = await importMissingTransactions(h.deps, h.co.accountant, checking, found.fetchId, [lateId]);
    expect(imported).toMatchObject({ fetched: 1, imported: 1, skippedKnown: 0, flagged: 0 });
    expect(await lineCount(h.deps.db, checking)).toBe(before + 1);
    const [line] = await h.deps.db.select().from(statementLines).where(and(eq(statementLines.journalId, checking), eq(statementLines.onlineTransactionId, lateId)));
    expect(line).toMatchObject({ date: addDays(today(), -10), amountMinor: -3330n, label: "Late booking", source: "online", importId: found.fetchId, possibleDuplicate: false });
    const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, imported.runId));
    expect(run).toMatchObject({ connectionId, trigger: "missing", status: "succeeded", fetched: 1, imported: 1, requestedBy: h.co.accountant.userId });
    const log = await listConnectionLog(h.deps.db, h.co.accountant, connectionId);
    expect(log.entries[0]).toMatchObject({
      level: "info",
      content: { said: { key: "FindMissing.log.imported", values: { imported: 1, known: 0, flagged: 0, since } }, providerMessage: null },
      author: "accountant@connectco.test",
    });
    const said = (log.entries[0]!.content as { said: { key: MessageKey; values: Record<string, string | number> } }).said;
    expect(say(said)).toBe(`Find Missing Transactions: 1 imported, 0 already known, 0 possible duplicates (from ${since}).`);

    // It is no longer missing: importing it again adds nothing, and a new search does not list it.
    expect(await importMissingTransactions(h.deps, h.co.accountant, checking, found.fetchId, [lateId])).toMatchObject({ imported: 0, skippedKnown: 1 });
    expect(await lineCount(h.deps.db, checking)).toBe(before + 1);
    const again = await findMissingTransactions(h.deps, h.co.accountant, checking, since);
    expect(again.transactions.map((t) => t.id)).not.toContain(lateId);
    expect(again.transactions.map((t) => t.status)).toEqual(["pending", "pending"]);
  });

  it("warns of nothing for a start date after the connection was created, and of lines entered by hand", async () => {
    const quiet = await findMissingTransactions(h.deps, h.co.accountant, checking, today());
    expect(quiet.warnings).toEqual([]);
    expect(quiet.transactions.map((t) => t.label).sort()).toEqual(["Pending 1", "Pending 2"]);

    await h.deps.db.insert(statementLines).values([
      { companyId: h.co.companyId, journalId: savings, date: today(), amountMinor: -1200n, currency: "EUR", label: "Cash", source: "manual" },
      { companyId: h.co.companyId, journalId: savings, date: today(), amountMinor: -300n, currency: "EUR", label: "Tip", source: "manual" },
    ]);
    const manual = await findMissingTransactions(h.deps, h.co.accountant, savings, today());
    expect(manual.warnings.map((w) => say(w))).toEqual(["This period holds 2 lines entered by hand: importing may duplicate them."]);
  });

  it("refuses an empty, a pending, an unknown or a locked selection, importing nothing", async () => {
    const lockedId = await bookLate(12, "-12.00", "Booked in a locked period");
    const since = addDays(today(), -30);
    const found = await findMissingTransactions(h.deps, h.co.accountant, checking, since);
    const pendingId = found.transactions.find((t) => t.status === "pending")!.id;
    expect(found.transactions.find((t) => t.id === lockedId)).toMatchObject({ status: "posted" });
    const before = await lineCount(h.deps.db, checking);
    const runsBefore = await h.deps.db.select({ n: count() }).from(syncRuns).where(eq(syncRuns.trigger, "missing"));

    const refused = (ids: string[], fetchId = found.fetchId) => importMissingTransactions(h.deps, h.co.accountant, checking, fetchId, ids);
    /** What the user is told of a refusal, in English. */
    const told = (ids: string[], fetchId?: string) =>
      refused(ids, fetchId).then(
        () => null,
        (e: unknown) => (e instanceof ValidationError ? Object.values(e.fieldErrors).flat().map((m) => say(m)) : e),
      );
    expect(await told([])).toEqual(["Select at least one transaction to import."]);
    expect(await told([lockedId, pendingId])).toEqual(["Pending transactions cannot be imported: only posted ones can."]);
    expect(await told(["no-such-transaction"])).toEqual(["Some selected transactions are not in this list: click “Fetch” again."]);
    const otherJournal = await findMissingTransactions(h.deps, h.co.accountant, savings, since);
    expect(await told([lockedId], otherJournal.fetchId)).toEqual(["This list of missing transactions is no longer available: click “Fetch” again."]);

    const lockDate = addDays(today(), -11);
    await h.deps.db.update(companies).set({ lockEverythingDate: lockDate }).where(eq(companies.id, h.co.companyId));
    try {
      const locked = refused([lockedId]);
      await expect(locked).rejects.toBeInstanceOf(LockDateError);
      await expect(refused([lockedId])).rejects.toThrow(`The period up to ${lockDate} is locked`);
      // Listed all the same, with a warning: the user sees why it cannot come in.
      const listed = await findMissingTransactions(h.deps, h.co.accountant, checking, since);
      expect(listed.warnings).toContainEqual({ key: "FindMissing.warnings.locked", values: { date: lockDate } });
    } finally {
      await h.deps.db.update(companies).set({ lockEverythingDate: null }).where(eq(companies.id, h.co.companyId));
    }
    expect(await lineCount(h.deps.db, checking)).toBe(before);
    expect(await h.deps.db.select({ n: count() }).from(syncRuns).where(eq(syncRuns.trigger, "missing"))).toEqual(runsBefore);

    // Unlocked, the same selection imports.
    expect(await refused([lockedId])).toMatchObject({ imported: 1 });
    expect(await lineCount(h.deps.db, checking)).toBe(before + 1);
  });

  it("refuses another company's actor (not found) and a viewer", async () => {
    const found = await findMissingTransactions(h.deps, h.co.accountant, checking, today());
    const pendingId = found.transactions[0]!.id;
    const other = await companyWithUsers(h.deps.db, "Other Co");
    await expect(findMissingTransactions(h.deps, other.admin, checking, today())).rejects.toBeInstanceOf(NotFoundError);
    await expect(importMissingTransactions(h.deps, other.admin, checking, found.fetchId, [pendingId])).rejects.toBeInstanceOf(NotFoundError);
    await expect(findMissingTransactions(h.deps, h.co.viewer, checking, today())).rejects.toMatchObject(viewerRefusal);
    await expect(importMissingTransactions(h.deps, h.co.viewer, checking, found.fetchId, [pendingId])).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses a start date in the future or not a date", async () => {
    await expect(findMissingTransactions(h.deps, h.co.accountant, checking, addDays(today(), 1))).rejects.toMatchObject({ fieldErrors: { since: [{ key: "FindMissing.refusals.startDateInFuture" }] } });
    await expect(findMissingTransactions(h.deps, h.co.accountant, checking, "2026-02-30")).rejects.toBeInstanceOf(ValidationError);
  });

  it("explains why a journal cannot be searched: not synchronized, or a connection that needs the user", async () => {
    const [manual] = await h.deps.db.insert(journals).values({ companyId: h.co.companyId, name: "Petty cash", currency: "EUR" }).returning();
    await expect(findMissingTransactions(h.deps, h.co.accountant, manual!.id, today())).rejects.toMatchObject({
      fieldErrors: { journalId: [{ key: "Journal.missingUnavailable.notSynchronized" }] },
    });

    await h.deps.db.update(connections).set({ state: "action_required" }).where(eq(connections.id, connectionId));
    try {
      await expect(findMissingTransactions(h.deps, h.co.accountant, checking, today())).rejects.toMatchObject({ fieldErrors: { journalId: [{ key: "FindMissing.refusals.needsYou" }] } });
    } finally {
      await h.deps.db.update(connections).set({ state: "connected" }).where(eq(connections.id, connectionId));
    }
    // A connection in error (a failed run) can still be asked by hand.
    await h.deps.db.update(connections).set({ state: "error" }).where(eq(connections.id, connectionId));
    try {
      expect((await findMissingTransactions(h.deps, h.co.accountant, checking, today())).transactions).toHaveLength(2);
    } finally {
      await h.deps.db.update(connections).set({ state: "connected" }).where(eq(connections.id, connectionId));
    }
  });

  it("a provider error gives a message with a reference, written to the connection's log, and stores nothing", async () => {
    const stored = await fetchCount(h.deps.db);
    await h.server.control("faults", { provider: "gocardless", mode: "malformed", count: 1 });
    const failure = await findMissingTransactions(h.deps, h.co.accountant, checking, today()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MissingFetchError);
    const { reference, message } = failure as MissingFetchError;
    expect(reference).toMatch(/^BS-[0-9A-Z]{8}$/);
    expect(message).toMatch(new RegExp(`^GoCardless reported an error: .+ Reference: ${reference}\\.$`));
    // The user reads our sentence in their language, and the provider's own words as it sent them.
    const { userMessage } = failure as MissingFetchError;
    expect(userMessage).toMatchObject({ key: "FindMissing.failures.providerError", values: { provider: "GoCardless" } });
    expect(say(userMessage, "ko")).toMatch(/^GoCardless에서 오류를 보고했습니다\. GoCardless의 원문 메시지: .+/);
    const [entry] = (await listConnectionLog(h.deps.db, h.co.accountant, connectionId)).entries;
    expect(entry).toMatchObject({ level: "error", reference, author: "accountant@connectco.test" });
    const logged = (language: "en" | "ko") => sayStoredText((key, values) => say({ key: key as MessageKey, values }, language), entry!.content, "GoCardless").text;
    expect(logged("en")).toMatch(/^Find Missing Transactions failed: GoCardless reported an error: .+/);
    expect(logged("ko")).toMatch(/^누락된 거래 찾기 실패: GoCardless에서 오류를 보고했습니다\. GoCardless의 원문 메시지: .+/);
    expect(await fetchCount(h.deps.db)).toBe(stored);
  });

  it("at Plaid (cursor-based) lists only what is dated from the start date, and leaves the synchronization's cursor alone", async () => {
    const plaid = await h.connectAll(h.co.accountant, "sandbox-us-bank", "plaid");
    expect(await waitForRun(h.deps.db, plaid.runId)).toMatchObject({ status: "succeeded" });
    const journalId = plaid.journals.get("Plaid Checking")!;
    const answer = (await h.server.control("transactions", {
      institution: "Sandbox US Bank",
      account: "Plaid Checking",
      date: addDays(today(), -10),
      amount: "-21.00",
      description: "Late at Plaid",
      status: "posted",
    })) as { ids: Record<string, string> };
    const since = addDays(today(), -20);
    const found = await findMissingTransactions(h.deps, h.co.accountant, journalId, since);
    expect(found.transactions.every((t) => t.date >= since)).toBe(true);
    expect(found.transactions.filter((t) => t.status === "posted")).toEqual([
      expect.objectContaining({ id: answer.ids.plaid, label: "Late at Plaid", amountMinor: -2100n, currency: "USD" }),
    ]);
    expect(found.transactions.filter((t) => t.status === "pending").map((t) => t.label).sort()).toEqual(["Pending 1", "Pending 2"]);

    expect(await importMissingTransactions(h.deps, h.co.accountant, journalId, found.fetchId, [answer.ids.plaid!])).toMatchObject({ imported: 1 });
    // The next synchronization goes on from its own cursor: nothing twice.
    const before = await lineCount(h.deps.db, journalId);
    const fetched = await fetchJournal(h.deps, h.co.accountant, journalId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    expect(await lineCount(h.deps.db, journalId)).toBe(before);
    const [latest] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.connectionId, plaid.connectionId)).orderBy(desc(syncRuns.queuedAt)).limit(1);
    expect(latest).toMatchObject({ trigger: "manual", imported: 0 });
  });
});
