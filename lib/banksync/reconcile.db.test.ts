import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { statementLines } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { say } from "@/test/i18n";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "./bank-accounts";
import { setLockEverythingDate } from "./companies";
import { ForbiddenError, LockDateError, NotFoundError, ValidationError } from "./errors";
import { listJournalCards } from "./journals";
import { listLedgerAccounts } from "./ledger-accounts";
import { reconcileLines, revertReconciliation } from "./reconcile";
import { addManualLine } from "./statement-lines";

/** A viewer is refused as such: the error, and what the user is told. */
const viewerRefusal = { name: "ForbiddenError", message: "Viewers can read but not change anything.", userMessage: { key: "Errors.viewerReadOnly" } };

const TODAY = "2026-02-01";

describe.each(drivers)("reconciling lines on %s", (driver) => {
  let database: Database;
  let co: Awaited<ReturnType<typeof companyWithUsers>>;
  let other: Awaited<ReturnType<typeof companyWithUsers>>;
  let journalId: string;
  let secondJournalId: string;
  let otherLine: string;
  let officeSupplies: string;
  let otherCompanyAccount: string;
  /** The journal's lines by label. */
  const line: Record<string, string> = {};

  const toReconcile = async () => (await listJournalCards(database.db, co.viewer, TODAY)).find((j) => j.id === journalId)!.toReconcile;
  const rows = async (...labels: string[]) => {
    const found = await database.db
      .select()
      .from(statementLines)
      .where(inArray(statementLines.id, labels.map((l) => line[l]!)));
    return labels.map((l) => found.find((r) => r.id === line[l])!);
  };

  beforeAll(async () => {
    database = await freshDatabase(driver);
    co = await companyWithUsers(database.db, "Reconcile Co");
    other = await companyWithUsers(database.db, "Other Reconcile Co");
    ({ journalId } = await addManualBankAccount(database.db, co.admin, { accountNumber: "BE68 5390 0754 7034" }));
    ({ journalId: secondJournalId } = await addManualBankAccount(database.db, co.admin, { accountNumber: "BE71 0961 2345 6769" }));
    const { journalId: otherJournal } = await addManualBankAccount(database.db, other.admin, { accountNumber: "FR14 2004 1010 0505 0001 3M02 606" });
    const lines = [
      ["Old A", "2025-12-10", "-12.50"],
      ["Old B", "2025-12-15", "-8"],
      ["Paper", "2026-01-05", "-23.90"],
      ["Toner", "2026-01-06", "-61"],
      ["Pens", "2026-01-07", "-4.20"],
      ["Stamps", "2026-01-08", "-9.60"],
      ["Invoice 17", "2026-01-09", "1250"],
    ] as const;
    for (const [label, date, amount] of lines) {
      ({ lineId: line[label] } = await addManualLine(database.db, co.accountant, journalId, { date, label, amount, partnerName: "Bank partner" }));
    }
    ({ lineId: line["Elsewhere"] } = await addManualLine(database.db, co.accountant, secondJournalId, { date: "2026-01-05", label: "Elsewhere", amount: "5" }));
    ({ lineId: otherLine } = await addManualLine(database.db, other.accountant, otherJournal, { date: "2026-01-05", label: "Theirs", amount: "-5" }));
    officeSupplies = (await listLedgerAccounts(database.db, co.viewer)).find((a) => a.code === "6000")!.id;
    otherCompanyAccount = (await listLedgerAccounts(database.db, other.viewer)).find((a) => a.code === "6000")!.id;
  });
  afterAll(() => database?.close());

  it("every company has its own seeded chart of accounts, ordered by code", async () => {
    const accounts = await listLedgerAccounts(database.db, co.viewer);
    expect(accounts.map((a) => `${a.code} ${a.name}`)).toEqual([
      "1000 Bank",
      "1100 Accounts Receivable",
      "2000 Accounts Payable",
      "4000 Sales",
      "4100 Interest Income",
      "4900 Other Income",
      "6000 Office Supplies",
      "6100 Rent",
      "6200 Travel and Meals",
      "6300 Bank Fees",
      "6900 Other Expenses",
      "9990 Suspense",
    ]);
    expect(accounts.find((a) => a.code === "6000")!.type).toBe("expense");
    const theirs = await listLedgerAccounts(database.db, other.viewer);
    expect(theirs).toHaveLength(12);
    expect(theirs.map((a) => a.id)).not.toContain(officeSupplies);
  });

  it("reconciles three lines at once to an expense account; revert puts one back; the card's count follows", async () => {
    expect(await toReconcile()).toBe(7);
    const answer = await reconcileLines(database.db, co.accountant, journalId, {
      lineIds: [line["Paper"]!, line["Toner"]!, line["Pens"]!],
      accountId: officeSupplies,
      partner: " Office Depot ",
      label: "",
    });
    expect(answer).toEqual({ count: 3 });
    expect(await toReconcile()).toBe(4);
    for (const [row, label] of (await rows("Paper", "Toner", "Pens")).map((r, i) => [r, ["Paper", "Toner", "Pens"][i]] as const)) {
      expect(row).toMatchObject({
        reconciled: true,
        reconciledAccountId: officeSupplies,
        reconciledPartner: "Office Depot",
        reconciledLabel: label,
        reconciledBy: co.accountant.userId,
        label,
        partnerName: "Bank partner",
      });
      expect(row.reconciledAt).toBeInstanceOf(Date);
    }

    expect(await revertReconciliation(database.db, co.accountant, line["Toner"]!)).toEqual({ journalId });
    expect(await toReconcile()).toBe(5);
    const [paper, toner] = await rows("Paper", "Toner");
    expect(paper!.reconciled).toBe(true);
    expect(toner).toMatchObject({
      reconciled: false,
      reconciledAccountId: null,
      reconciledPartner: null,
      reconciledLabel: null,
      reconciledAt: null,
      reconciledBy: null,
      label: "Toner",
    });
  });

  it("a label given replaces each line's own; the partner may stay empty", async () => {
    await reconcileLines(database.db, co.admin, journalId, { lineIds: [line["Invoice 17"]!], accountId: officeSupplies, label: "Customer payment" });
    const [invoice] = await rows("Invoice 17");
    expect(invoice).toMatchObject({ reconciled: true, reconciledLabel: "Customer payment", reconciledPartner: null, label: "Invoice 17" });
    await revertReconciliation(database.db, co.admin, line["Invoice 17"]!);
    expect(await toReconcile()).toBe(5);
  });

  it("refuses an empty selection, a missing account, another company's account or line, and a viewer", async () => {
    const stamps = line["Stamps"]!;
    await expect(reconcileLines(database.db, co.accountant, journalId, { lineIds: [], accountId: officeSupplies })).rejects.toMatchObject({
      name: "ValidationError",
      fieldErrors: { lineIds: [{ key: "Reconcile.errors.selectLines" }] },
    });
    const noAccount = reconcileLines(database.db, co.accountant, journalId, { lineIds: [stamps], accountId: "" });
    await expect(noAccount).rejects.toThrow(ValidationError);
    await expect(noAccount).rejects.toMatchObject({ fieldErrors: { accountId: [{ key: "Reconcile.errors.chooseAccount" }] } });
    const tooLong = await reconcileLines(database.db, co.accountant, journalId, { lineIds: [stamps], accountId: officeSupplies, partner: "x".repeat(201) }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ValidationError);
    const partnerError = (tooLong as ValidationError).fieldErrors.partner![0]!;
    expect(say(partnerError)).toBe("The partner has at most 200 characters.");
    expect(say(partnerError, "ko")).toBe("거래처는 최대 200자입니다.");
    await expect(reconcileLines(database.db, co.accountant, journalId, { lineIds: [stamps], accountId: otherCompanyAccount })).rejects.toThrow(NotFoundError);
    // All or nothing: this journal's line is left alone when another in the selection is not found.
    await expect(reconcileLines(database.db, co.accountant, journalId, { lineIds: [stamps, otherLine], accountId: officeSupplies })).rejects.toThrow(NotFoundError);
    await expect(reconcileLines(database.db, co.accountant, journalId, { lineIds: [stamps, line["Elsewhere"]!], accountId: officeSupplies })).rejects.toThrow(
      NotFoundError,
    );
    await expect(reconcileLines(database.db, co.accountant, journalId, { lineIds: ["not-a-line"], accountId: officeSupplies })).rejects.toThrow(NotFoundError);
    await expect(reconcileLines(database.db, other.accountant, journalId, { lineIds: [stamps], accountId: otherCompanyAccount })).rejects.toThrow(NotFoundError);
    await expect(reconcileLines(database.db, co.viewer, journalId, { lineIds: [stamps], accountId: officeSupplies })).rejects.toMatchObject(viewerRefusal);
    await expect(revertReconciliation(database.db, other.accountant, line["Paper"]!)).rejects.toThrow(NotFoundError);
    await expect(revertReconciliation(database.db, co.viewer, line["Paper"]!)).rejects.toThrow(ForbiddenError);
    const [stampsRow, paper] = await rows("Stamps", "Paper");
    expect(stampsRow!.reconciled).toBe(false);
    expect(paper!.reconciled).toBe(true);
    expect(await toReconcile()).toBe(5);
  });

  it("refuses an already reconciled line, and reverting one that is not, changing nothing", async () => {
    const twice = reconcileLines(database.db, co.accountant, journalId, { lineIds: [line["Stamps"]!, line["Paper"]!], accountId: officeSupplies, partner: "Again" });
    await expect(twice).rejects.toThrow(ValidationError);
    const refusal = (await twice.catch((e: unknown) => e)) as ValidationError;
    expect(refusal.fieldErrors.lineIds!.map((m) => say(m))).toEqual(["“Paper” is already reconciled: revert it first."]);
    expect(say(refusal.fieldErrors.lineIds![0]!, "ko")).toBe("“Paper”은(는) 이미 조정되었습니다. 먼저 조정을 취소하세요.");
    await expect(revertReconciliation(database.db, co.accountant, line["Stamps"]!)).rejects.toMatchObject({ fieldErrors: { line: [{ key: "Reconcile.errors.notReconciled" }] } });
    const [stamps, paper] = await rows("Stamps", "Paper");
    expect(stamps!.reconciled).toBe(false);
    expect(paper).toMatchObject({ reconciled: true, reconciledPartner: "Office Depot" });
    expect(await toReconcile()).toBe(5);
  });

  it("refuses to reconcile or revert a line in the locked period, naming the lock date", async () => {
    await reconcileLines(database.db, co.accountant, journalId, { lineIds: [line["Old A"]!], accountId: officeSupplies });
    expect(await toReconcile()).toBe(4);
    await setLockEverythingDate(database.db, co.admin, "2025-12-31");
    try {
      const locked = reconcileLines(database.db, co.accountant, journalId, { lineIds: [line["Stamps"]!, line["Old B"]!], accountId: officeSupplies });
      await expect(locked).rejects.toThrow(LockDateError);
      await expect(locked).rejects.toThrow("The period up to 2025-12-31 is locked");
      await expect(locked).rejects.toMatchObject({ date: "2025-12-15", lockDate: "2025-12-31" });
      await expect(revertReconciliation(database.db, co.accountant, line["Old A"]!)).rejects.toThrow(LockDateError);
      const [stamps, oldB, oldA] = await rows("Stamps", "Old B", "Old A");
      expect(stamps!.reconciled).toBe(false);
      expect(oldB!.reconciled).toBe(false);
      expect(oldA).toMatchObject({ reconciled: true, reconciledAccountId: officeSupplies });
      expect(await toReconcile()).toBe(4);
    } finally {
      await setLockEverythingDate(database.db, co.admin, null);
    }
  });

  it("two people reconciling the same line at once: one wins, the other is told it is already reconciled", async () => {
    const attempts = await Promise.allSettled(
      [co.accountant, co.admin].map((actor) =>
        reconcileLines(database.db, actor, journalId, { lineIds: [line["Stamps"]!, line["Old B"]!], accountId: officeSupplies, partner: actor.role }),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = attempts.find((a) => a.status === "rejected")!;
    expect(lost.reason).toBeInstanceOf(ValidationError);
    const winner = attempts[0]!.status === "fulfilled" ? co.accountant : co.admin;
    const [stamps, oldB] = await rows("Stamps", "Old B");
    expect(stamps).toMatchObject({ reconciled: true, reconciledPartner: winner.role, reconciledBy: winner.userId });
    expect(oldB).toMatchObject({ reconciled: true, reconciledPartner: winner.role });
    expect(await toReconcile()).toBe(2);
  });
});
