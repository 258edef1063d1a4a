import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { ledgerAccounts, statementLines } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { decimalMark } from "@/lib/locale";
import { addManualBankAccount } from "./bank-accounts";
import { NotFoundError } from "./errors";
import { listLedgerAccounts } from "./ledger-accounts";
import { escapeLike, queryStatementLines, type LineFilter, type StatementLineQuery } from "./statement-line-query";
import { addManualLine } from "./statement-lines";

// lib/locale (for decimalMark) reads the request's user through the session, a server-only module.
vi.mock("server-only", () => ({}));

describe("escapeLike", () => {
  it.each([
    ["100%", "100\\%"],
    ["a_b", "a\\_b"],
    ["back\\slash", "back\\\\slash"],
    ["plain", "plain"],
  ])("%s → %s", (text, escaped) => expect(escapeLike(text)).toBe(escaped));
});

type Line = {
  date: string;
  amountMinor: bigint;
  label: string;
  partnerName?: string;
  source: "online" | "manual" | "file";
  reconciled?: boolean;
  possibleDuplicate?: boolean;
};

describe.each(drivers)("the journal view's filters, search, totals and pages on %s", (driver) => {
  let database: Database;
  let co: Awaited<ReturnType<typeof companyWithUsers>>;
  let journalId: string;
  /** What was written, newest first: the order the view shows. */
  let model: (Line & { id: string })[] = [];

  const view = (query: Partial<StatementLineQuery> & { filter: LineFilter }) =>
    queryStatementLines(database.db, co.viewer, journalId, { page: 1, pageSize: 50, ...query });

  beforeAll(async () => {
    database = await freshDatabase(driver);
    co = await companyWithUsers(database.db, "View Co");
    ({ journalId } = await addManualBankAccount(database.db, co.admin, { accountNumber: "BE68 5390 0754 7034" }));
    // Several statements, so the insertion order (the tie-break within a day) is known.
    const fillers: Line[] = Array.from({ length: 120 }, (_, i) => ({
      date: `2026-02-${String(1 + (i % 28)).padStart(2, "0")}`,
      amountMinor: BigInt(100 + i),
      label: `Card payment ${i}`,
      source: "online",
      reconciled: i % 4 === 0,
    }));
    const specials: Line[] = [
      { date: "2026-01-05", amountMinor: -1250n, label: "Office chairs", partnerName: "Buro Supplies", source: "manual" },
      { date: "2026-01-06", amountMinor: 1250n, label: "Refund 100% done", partnerName: "Acme_Corp", source: "online" },
      { date: "2026-01-07", amountMinor: -4000n, label: "Rent January", partnerName: "Landlord", source: "online", reconciled: true },
      { date: "2026-01-08", amountMinor: -999n, label: "Coffee", source: "file", possibleDuplicate: true },
      { date: "2026-01-08", amountMinor: -999n, label: "Coffee bis", source: "online", possibleDuplicate: true, reconciled: true },
    ];
    const written: (Line & { id: string })[] = [];
    for (const line of [...specials, ...fillers]) {
      const [row] = await database.db
        .insert(statementLines)
        .values({ companyId: co.companyId, journalId, currency: "EUR", ...line })
        .returning({ id: statementLines.id });
      written.push({ ...line, id: row!.id });
    }
    const [rent] = await database.db
      .select({ id: ledgerAccounts.id })
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.companyId, co.companyId), eq(ledgerAccounts.code, "6100")));
    await database.db
      .update(statementLines)
      .set({ reconciledAccountId: rent!.id, reconciledPartner: "Landlord Ltd", reconciledLabel: "Rent 01" })
      .where(eq(statementLines.id, written[2]!.id));
    model = written.map((line, i) => ({ ...line, i })).sort((a, b) => (a.date === b.date ? b.i - a.i : a.date < b.date ? 1 : -1));
  });
  afterAll(() => database?.close());

  const sum = (lines: Line[]) => lines.reduce((total, l) => total + l.amountMinor, 0n);

  it("opens on the lines to reconcile, newest first, with the count and sum of each filter", async () => {
    const open = model.filter((l) => !l.reconciled);
    const result = await view({ filter: "to-reconcile" });
    expect(result.counts).toEqual({ "to-reconcile": open.length, all: model.length, "possible-duplicates": 2 });
    expect(result.matching).toBe(open.length);
    expect(result.matchingMinor).toBe(sum(open));
    expect(result.balanceMinor).toBe(sum(model));
    expect(result.runningBalance).toBe(false);
    expect(result.pageCount).toBe(Math.ceil(open.length / 50));
    expect(result.lines.map((l) => l.id)).toEqual(open.slice(0, 50).map((l) => l.id));
    expect(result.lines.every((l) => !l.reconciled && l.runningBalanceMinor === null)).toBe(true);
  });

  it("pages keep the filter; a page past the end shows the last one", async () => {
    const open = model.filter((l) => !l.reconciled);
    const second = await view({ filter: "to-reconcile", page: 2 });
    expect(second.page).toBe(2);
    expect(second.lines.map((l) => l.id)).toEqual(open.slice(50, 100).map((l) => l.id));
    const beyond = await view({ filter: "to-reconcile", page: 99 });
    expect(beyond.page).toBe(beyond.pageCount);
    expect(beyond.lines.map((l) => l.id)).toEqual(open.slice((beyond.pageCount - 1) * 50).map((l) => l.id));
  });

  it("All keeps the running balance; the reconciled line carries its account, partner and label", async () => {
    const all = await view({ filter: "all", page: 3 });
    expect(all.runningBalance).toBe(true);
    expect(all.matching).toBe(model.length);
    expect(all.matchingMinor).toBe(sum(model));
    const oldestFirst = [...model].reverse();
    const balances = new Map(oldestFirst.map((l, i) => [l.id, sum(oldestFirst.slice(0, i + 1))]));
    expect(all.lines.map((l) => [l.id, l.runningBalanceMinor])).toEqual(model.slice(100).map((l) => [l.id, balances.get(l.id)]));
    const rent = all.lines.find((l) => l.label === "Rent January");
    expect(rent).toMatchObject({
      reconciled: true,
      reconciledAccount: { code: "6100", name: "Rent" },
      reconciledPartner: "Landlord Ltd",
      reconciledLabel: "Rent 01",
      partnerName: "Landlord",
      source: "online",
    });
    expect(all.lines.find((l) => l.label === "Office chairs")).toMatchObject({ reconciledAccount: null, reconciledLabel: null, source: "manual" });
  });

  it("Possible duplicates lists the flagged lines, reconciled or not", async () => {
    const result = await view({ filter: "possible-duplicates" });
    expect(result.lines.map((l) => l.label)).toEqual(["Coffee bis", "Coffee"]);
    expect(result.lines.every((l) => l.possibleDuplicate)).toBe(true);
    expect([result.matching, result.matchingMinor, result.pageCount]).toEqual([2, -1998n, 1]);
  });

  it("searches labels and partners case-insensitively, taking % and _ literally", async () => {
    const labels = async (filter: LineFilter, search: string) => (await view({ filter, search })).lines.map((l) => l.label);
    expect(await labels("all", "OFFICE")).toEqual(["Office chairs"]);
    expect(await labels("all", "acme")).toEqual(["Refund 100% done"]);
    // Unescaped, "100%" would find every "Card payment 10x" and "e_c" would find "Office chairs".
    expect(await labels("all", "100%")).toEqual(["Refund 100% done"]);
    expect(await labels("all", "e_C")).toEqual(["Refund 100% done"]);
    // The reconciled partner and label are searched too.
    expect(await labels("all", "ltd")).toEqual(["Rent January"]);
    expect(await labels("to-reconcile", "ltd")).toEqual([]);
    // The search narrows the filter; the tab counts stay the journal's.
    const coffee = await view({ filter: "to-reconcile", search: " coffee " });
    expect(coffee.lines.map((l) => l.label)).toEqual(["Coffee"]);
    expect([coffee.matching, coffee.matchingMinor, coffee.runningBalance]).toEqual([1, -999n, false]);
    expect(coffee.counts.all).toBe(model.length);
    expect(await labels("possible-duplicates", "coffee")).toEqual(["Coffee bis", "Coffee"]);
  });

  it("finds an amount of either sign, written the way the user's locale writes it", async () => {
    const german = { decimal: decimalMark("de") };
    expect(german.decimal).toBe(",");
    const byAmount = await view({ filter: "all", search: "12,50", amountFormat: german });
    expect(byAmount.lines.map((l) => [l.label, l.amountMinor])).toEqual([
      ["Refund 100% done", 1250n],
      ["Office chairs", -1250n],
    ]);
    expect([byAmount.matching, byAmount.matchingMinor, byAmount.runningBalance]).toEqual([2, 0n, false]);
    expect(byAmount.lines.every((l) => l.runningBalanceMinor === null)).toBe(true);
    const french = await view({ filter: "to-reconcile", search: "-9,99", amountFormat: { decimal: decimalMark("fr") } });
    expect(french.lines.map((l) => l.label)).toEqual(["Coffee"]);
    // In English "12,50" is no amount (nor any label's text); "12.50" is.
    expect((await view({ filter: "all", search: "12,50", amountFormat: { decimal: decimalMark("en") } })).matching).toBe(0);
    expect((await view({ filter: "all", search: "12.50", amountFormat: { decimal: "." } })).matching).toBe(2);
  });

  it("a line added by hand in a German locale shows up under its amount", async () => {
    const { lineId } = await addManualLine(database.db, co.accountant, journalId, { date: "2026-03-01", label: "Stamps", amount: "-3,20" }, { decimal: "," });
    const found = await view({ filter: "to-reconcile", search: "3,20", amountFormat: { decimal: "," } });
    expect(found.lines.map((l) => [l.id, l.amountMinor, l.source])).toEqual([[lineId, -320n, "manual"]]);
    await database.db.delete(statementLines).where(eq(statementLines.id, lineId));
  });

  it("another company's journal is not found; each company has its own chart of accounts", async () => {
    const other = await companyWithUsers(database.db, "Other View Co");
    await expect(queryStatementLines(database.db, other.admin, journalId, { filter: "all", page: 1, pageSize: 50 })).rejects.toThrow(NotFoundError);
    await expect(queryStatementLines(database.db, other.admin, journalId, { filter: "to-reconcile", page: 1, pageSize: 50 })).rejects.toThrow(NotFoundError);
    await expect(queryStatementLines(database.db, co.viewer, "not-a-uuid", { filter: "to-reconcile", page: 1, pageSize: 50 })).rejects.toThrow(NotFoundError);
    const ours = await listLedgerAccounts(database.db, co.viewer);
    const theirs = await listLedgerAccounts(database.db, other.viewer);
    expect(ours.map((a) => `${a.code} ${a.name}`)).toEqual([
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
    expect(theirs.map((a) => a.code)).toEqual(ours.map((a) => a.code));
    expect(theirs.some((a) => ours.some((b) => b.id === a.id))).toBe(false);
  });
});
