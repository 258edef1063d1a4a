import { and, eq, min } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statementLines } from "@/db/schema";
import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import { toDecimalString } from "@/lib/money";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "../bank-accounts";
import { setLockEverythingDate } from "../companies";
import { LockDateError, NotFoundError } from "../errors";
import { countPossibleDuplicates } from "../journals";
import { addManualLine } from "../statement-lines";
import { fetchJournal } from "../sync/requests";
import { defaultDuplicateSince, deleteDuplicateLines, dismissDuplicateGroup, findDuplicateGroups } from "./review";
import { waitForRun } from "@/test/runs";

/** A viewer is refused as such: the error, and what the user is told. */
const viewerRefusal = { name: "ForbiddenError", message: "Viewers can read but not change anything.", userMessage: { key: "Errors.viewerReadOnly" } };

const today = () => isoDate(appClock.now());
const ids = (lines: { id: string }[]) => lines.map((line) => line.id);

describe.each(drivers)("reviewing possible duplicates on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  /** A company whose journal holds Sandbox Duplicates Bank's history, synchronized once (R is today). */
  async function twinsJournal(name: string) {
    const co = await companyWithUsers(h.deps.db, name);
    const { runId, journals } = await h.connectAll(co.accountant, "sandbox-duplicates-bank", "enablebanking");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded", flagged: 2 });
    return { co, runId, journalId: journals.get("Current Account")! };
  }

  const linesOn = (journalId: string, date: string) =>
    h.deps.db.select().from(statementLines).where(and(eq(statementLines.journalId, journalId), eq(statementLines.date, date)));

  it("starts at the oldest date of the latest import and shows the same-day twin of R − 5 as one group", async () => {
    const { co, runId, journalId } = await twinsJournal("Review Co");
    const since = await defaultDuplicateSince(h.deps.db, co.accountant, journalId);
    const [imported] = await h.deps.db.select({ oldest: min(statementLines.date) }).from(statementLines).where(eq(statementLines.importId, runId));
    expect(since).toBe(imported!.oldest);
    expect(since).toBe(addDays(today(), -400));

    const groups = await findDuplicateGroups(h.deps.db, co.viewer, journalId, since!);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({ date: addDays(today(), -5), currency: "EUR" });
    expect(group!.lines).toHaveLength(2);
    for (const line of group!.lines) {
      expect(line).toMatchObject({ date: addDays(today(), -5), amountMinor: group!.amountMinor, source: "online", reconciled: false, locked: false, possibleDuplicate: true, duplicateDismissed: false });
    }
    expect(group!.lines.map((line) => line.label.endsWith(" bis"))).toEqual([false, true]);
    expect(new Set(group!.lines.map((line) => line.onlineTransactionId)).size).toBe(2);
    expect(group!.lines.every((line) => line.onlineTransactionId)).toBe(true);

    expect(await findDuplicateGroups(h.deps.db, co.accountant, journalId, addDays(today(), -4))).toEqual([]);
    const manual = await addManualBankAccount(h.deps.db, co.accountant, { accountNumber: "BE71 0961 2345 6769" });
    expect(await defaultDuplicateSince(h.deps.db, co.accountant, manual.journalId)).toBeNull();
  });

  it("Delete Selected deletes the chosen line of the group; the one left loses its flag and the banner count follows", async () => {
    const { co, journalId } = await twinsJournal("Delete Co");
    const [group] = await findDuplicateGroups(h.deps.db, co.accountant, journalId, addDays(today(), -30));
    const bis = group!.lines.find((line) => line.label.endsWith(" bis"))!;
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(2);

    await expect(deleteDuplicateLines(h.deps.db, co.accountant, journalId, [])).rejects.toMatchObject({ fieldErrors: { lines: [{ key: "Duplicates.errors.selectToDelete" }] } });
    expect(await deleteDuplicateLines(h.deps.db, co.accountant, journalId, [bis.id])).toEqual({ deleted: 1 });

    const left = await linesOn(journalId, addDays(today(), -5));
    expect(left.map((line) => [line.label.endsWith(" bis"), line.possibleDuplicate])).toEqual([[false, false]]);
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(0);
    expect(await findDuplicateGroups(h.deps.db, co.accountant, journalId, addDays(today(), -30))).toEqual([]);

    // The next fetch reads the last days again: the deleted twin stays deleted.
    const fetched = await fetchJournal(h.deps, co.accountant, journalId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded", imported: 0 });
    expect((await linesOn(journalId, addDays(today(), -5))).map((line) => line.label.endsWith(" bis"))).toEqual([false]);
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(0);
  });

  it("refuses to delete a reconciled line or a line in the locked period, and deletes nothing then", async () => {
    const { co, journalId } = await twinsJournal("Guarded Co");
    const twinDay = addDays(today(), -5);
    const [group] = await findDuplicateGroups(h.deps.db, co.accountant, journalId, twinDay);
    const [first, second] = group!.lines;

    await h.deps.db.update(statementLines).set({ reconciled: true }).where(eq(statementLines.id, first!.id));
    await expect(deleteDuplicateLines(h.deps.db, co.accountant, journalId, [first!.id, second!.id])).rejects.toMatchObject(
      { fieldErrors: { lines: [{ key: "Duplicates.errors.reconciledCannotBeDeleted" }] } },
    );
    expect(await linesOn(journalId, twinDay)).toHaveLength(2);
    expect((await findDuplicateGroups(h.deps.db, co.accountant, journalId, twinDay))[0]!.lines.map((line) => line.reconciled)).toEqual([true, false]);
    await h.deps.db.update(statementLines).set({ reconciled: false }).where(eq(statementLines.id, first!.id));

    await setLockEverythingDate(h.deps.db, co.admin, twinDay);
    const [locked] = await findDuplicateGroups(h.deps.db, co.accountant, journalId, twinDay);
    expect(locked!.lines.map((line) => line.locked)).toEqual([true, true]);
    const refusal = deleteDuplicateLines(h.deps.db, co.accountant, journalId, [second!.id]);
    await expect(refusal).rejects.toBeInstanceOf(LockDateError);
    await expect(refusal).rejects.toThrow(`The period up to ${twinDay} is locked`);
    await expect(dismissDuplicateGroup(h.deps.db, co.accountant, journalId, ids(locked!.lines))).rejects.toThrow(`The period up to ${twinDay} is locked`);
    expect((await linesOn(journalId, twinDay)).map((line) => [line.possibleDuplicate, line.duplicateDismissed])).toEqual([
      [true, false],
      [true, false],
    ]);

    await setLockEverythingDate(h.deps.db, co.admin, null);
    expect(await deleteDuplicateLines(h.deps.db, co.accountant, journalId, [second!.id])).toEqual({ deleted: 1 });
  });

  it("refuses another company's journal and lines, and a viewer's changes", async () => {
    const { co, journalId } = await twinsJournal("Owner Co");
    const [group] = await findDuplicateGroups(h.deps.db, co.accountant, journalId, addDays(today(), -30));
    const lineIds = ids(group!.lines);
    const other = await companyWithUsers(h.deps.db, "Outsider Co");

    await expect(defaultDuplicateSince(h.deps.db, other.admin, journalId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(findDuplicateGroups(h.deps.db, other.admin, journalId, "2000-01-01")).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDuplicateLines(h.deps.db, other.admin, journalId, lineIds)).rejects.toBeInstanceOf(NotFoundError);
    await expect(dismissDuplicateGroup(h.deps.db, other.admin, journalId, lineIds)).rejects.toBeInstanceOf(NotFoundError);
    const { journalId: theirs } = await addManualBankAccount(h.deps.db, other.admin, { accountNumber: "BE68 5390 0754 7034" });
    await expect(deleteDuplicateLines(h.deps.db, other.admin, theirs, lineIds)).rejects.toThrow("Statement line not found");
    await expect(dismissDuplicateGroup(h.deps.db, other.admin, theirs, lineIds)).rejects.toThrow("Statement line not found");

    await expect(deleteDuplicateLines(h.deps.db, co.viewer, journalId, lineIds)).rejects.toMatchObject(viewerRefusal);
    await expect(dismissDuplicateGroup(h.deps.db, co.viewer, journalId, lineIds)).rejects.toMatchObject(viewerRefusal);
    expect((await linesOn(journalId, addDays(today(), -5))).map((line) => [line.possibleDuplicate, line.duplicateDismissed])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  // Last: the transaction it adds at the bank stays in the sandbox world for every later connection.
  it("Not a duplicate hides a group for good; a new look-alike brings it back", async () => {
    const { co, journalId } = await twinsJournal("Genuine Co");
    const yesterday = addDays(today(), -1);
    const [original] = await linesOn(journalId, yesterday);
    // The same amount again on a day already synchronized: a genuine second payment, flagged with the first.
    await h.server.control("transactions", {
      institution: "Sandbox Duplicates Bank",
      account: "Current Account",
      date: yesterday,
      amount: toDecimalString(original!.amountMinor, "EUR"),
      description: "Second parking ticket",
      status: "posted",
    });
    const fetched = await fetchJournal(h.deps, co.accountant, journalId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded", imported: 1, flagged: 1 });
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(4);

    const since = addDays(today(), -30);
    const groups = await findDuplicateGroups(h.deps.db, co.accountant, journalId, since);
    expect(groups.map((group) => [group.date, group.lines.length])).toEqual([
      [yesterday, 2],
      [addDays(today(), -5), 2],
    ]);
    expect(await dismissDuplicateGroup(h.deps.db, co.accountant, journalId, ids(groups[0]!.lines))).toEqual({ dismissed: 2 });
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(2);
    expect((await findDuplicateGroups(h.deps.db, co.accountant, journalId, since)).map((group) => group.date)).toEqual([addDays(today(), -5)]);

    // Fetching again re-reads those days: nothing comes back flagged, the group stays hidden.
    const again = await fetchJournal(h.deps, co.accountant, journalId);
    expect(await waitForRun(h.deps.db, again.runId)).toMatchObject({ status: "succeeded", imported: 0 });
    expect((await findDuplicateGroups(h.deps.db, co.accountant, journalId, since)).map((group) => group.date)).toEqual([addDays(today(), -5)]);
    expect(await countPossibleDuplicates(h.deps.db, co.accountant, journalId)).toBe(2);

    const { lineId } = await addManualLine(h.deps.db, co.accountant, journalId, { date: yesterday, label: "Typed again", amount: toDecimalString(original!.amountMinor, "EUR") });
    const back = await findDuplicateGroups(h.deps.db, co.accountant, journalId, since);
    expect(back[0]!.date).toBe(yesterday);
    expect(back[0]!.lines.map((line) => [line.source, line.duplicateDismissed])).toEqual([
      ["online", true],
      ["online", true],
      ["manual", false],
    ]);
    expect(back[0]!.lines[2]!.id).toBe(lineId);
  });
});
