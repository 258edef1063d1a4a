import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionMessages, journals, statementImports, statementLines } from "@/db/schema";
import { message } from "@/i18n/message";
import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { byteChunks } from "@/test/files/bytes";
import { camtStatement } from "@/test/files/camt";
import { ofxStatement } from "@/test/files/ofx";
import { companyWithUsers } from "@/test/fixtures";
import { say } from "@/test/i18n";
import { waitForRun } from "@/test/runs";
import { addManualBankAccount } from "../bank-accounts";
import { setLockEverythingDate } from "../companies";
import { findDuplicateGroups } from "../duplicates/review";
import { ForbiddenError, NotFoundError } from "../errors";
import { getJournal } from "../journals";
import type { CsvMapping } from "./csv/mapping";
import { importStatementFile } from "./import";
import { sampleStatementFile } from "./sample";
import { discardStatementImport, stageStatementFile } from "./stage";
import { dropStaleStatementImports } from "./stale";
import { StatementFileError } from "./types";

const today = () => isoDate(appClock.now());

const mapping: CsvMapping = {
  encoding: "utf-8",
  delimiter: ";",
  skipRows: 0,
  hasHeader: true,
  dateColumn: 0,
  dateFormat: "DD.MM.YYYY",
  amount: { kind: "signed", column: 3 },
  decimalSeparator: ",",
  thousandsSeparator: ".",
  labelColumn: 1,
  partnerColumn: 2,
  referenceColumn: null,
  accountColumn: null,
  currencyColumn: null,
};

const german = (date: string) => date.split("-").reverse().join(".");

/** A Sparkasse-like CSV of `rows` [date, label, partner, amount]. */
function csv(rows: [string, string, string, string][]): string {
  return ["Buchungstag;Verwendungszweck;Empfänger;Betrag", ...rows.map(([d, l, p, a]) => `${german(d)};${l};${p};${a}`)].join("\r\n") + "\r\n";
}

describe.each(drivers)("importing statement files on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  const db = () => h.deps.db;
  const stage = (actor: Parameters<typeof stageStatementFile>[2], journalId: string, fileName: string, content: string, csvMapping: CsvMapping | null = null) =>
    stageStatementFile(db(), appClock, actor, journalId, { fileName, format: fileName.endsWith(".csv") ? "csv" : fileName.endsWith(".ofx") ? "ofx" : "camt053", csvMapping, body: byteChunks(Buffer.from(content), 16 * 1024) });
  const journalLines = (journalId: string) =>
    db().select().from(statementLines).where(eq(statementLines.journalId, journalId)).orderBy(statementLines.date, statementLines.sequence);
  const stagedCount = async (journalId: string) =>
    (await db().select({ n: count() }).from(statementImports).where(and(eq(statementImports.journalId, journalId), eq(statementImports.status, "staged"))))[0]!.n;

  async function manualJournal(name: string, accountNumber = "BE71 0961 2345 6769") {
    const co = await companyWithUsers(db(), name);
    const { journalId } = await addManualBankAccount(db(), co.accountant, { accountNumber });
    return { co, journalId };
  }

  it("previews a CSV without writing, imports it in full as file lines, remembers the mapping, and a second import adds nothing", async () => {
    const { co, journalId } = await manualJournal("Csv Co");
    const file = csv([
      ["2026-10-01", "Rent October", "Landlord", "-1.250,00"],
      ["2026-10-02", "Coffee", "Café Central", "-3,50"],
      ["2026-10-02", "Coffee", "Café Central", "-3,50"],
      ["2026-10-05", "Invoice 17", "Client SA", "2.000,00"],
    ]);
    const preview = await stage(co.accountant, journalId, "october.csv", file, mapping);
    expect(preview).toMatchObject({
      fileName: "october.csv",
      format: "csv",
      currency: "EUR",
      lines: 4,
      pending: 0,
      firstDate: "2026-10-01",
      lastDate: "2026-10-05",
      totalMinor: String(-125000 - 350 - 350 + 200000),
      existing: 0,
      // The two equal coffees look like each other: both are imported, and flagged for review.
      possibleDuplicates: 2,
      locked: 0,
      toImport: 4,
    });
    expect(preview.sample.map((l) => [l.date, l.amountMinor, l.label, l.partnerName, l.status])).toEqual([
      ["2026-10-01", "-125000", "Rent October", "Landlord", "new"],
      ["2026-10-02", "-350", "Coffee", "Café Central", "duplicate"],
      ["2026-10-02", "-350", "Coffee", "Café Central", "duplicate"],
      ["2026-10-05", "200000", "Invoice 17", "Client SA", "new"],
    ]);
    expect(await journalLines(journalId)).toEqual([]);

    const result = await importStatementFile(db(), appClock, co.accountant, journalId, preview.importId);
    // The two equal coffees are both kept, as the preview said (the rule never drops).
    expect(result).toEqual({ imported: 4, flagged: 2, skippedKnown: 0, refusedLocked: 0 });
    const lines = await journalLines(journalId);
    expect(lines.map((l) => [l.date, l.amountMinor, l.source, l.importId, l.possibleDuplicate])).toEqual([
      ["2026-10-01", -125000n, "file", preview.importId, false],
      ["2026-10-02", -350n, "file", preview.importId, true],
      ["2026-10-02", -350n, "file", preview.importId, true],
      ["2026-10-05", 200000n, "file", preview.importId, false],
    ]);
    expect(new Set(lines.map((l) => l.onlineTransactionId)).size).toBe(4);
    const [journal] = await db().select({ csvMapping: journals.csvMapping }).from(journals).where(eq(journals.id, journalId));
    expect(journal!.csvMapping).toEqual(mapping);
    const [logged] = await db().select().from(connectionMessages).where(eq(connectionMessages.journalId, journalId));
    const { name } = await getJournal(db(), co.viewer, journalId);
    expect(JSON.parse(logged!.text)).toEqual(message("StatementFiles.log.imported", { file: "october.csv", journal: name, imported: 4, flagged: 2, known: 0, refused: 0 }));
    expect(say(JSON.parse(logged!.text))).toBe(`Statement file “october.csv” imported into ${name}: 4 imported, 2 flagged as possible duplicates.`);

    // The next file of this bank starts from the remembered mapping.
    const head = new TextEncoder().encode(file);
    const sample = await sampleStatementFile(db(), co.accountant, journalId, { fileName: "november.csv", head, complete: true });
    expect(sample).toMatchObject({ ok: true, format: "csv", csv: { encoding: "utf-8", delimiter: ";", mapping } });

    const again = await stage(co.accountant, journalId, "october.csv", file, mapping);
    expect(again).toMatchObject({ lines: 4, existing: 4, possibleDuplicates: 0, toImport: 0 });
    expect(again.sample.every((l) => l.status === "existing")).toBe(true);
    expect(await importStatementFile(db(), appClock, co.accountant, journalId, again.importId)).toEqual({ imported: 0, flagged: 0, skippedKnown: 4, refusedLocked: 0 });
    expect(await journalLines(journalId)).toHaveLength(4);
    await expect(importStatementFile(db(), appClock, co.accountant, journalId, again.importId)).rejects.toMatchObject({
      fieldErrors: { importId: [message("StatementFiles.file.alreadyImported")] },
    });
  });

  it("refuses a file for another account or in another currency, naming both, and keeps nothing of it", async () => {
    const { co, journalId } = await manualJournal("Mismatch Co");
    const other = camtStatement({ statements: [{ iban: "DE89370400440532013000", currency: "EUR", entries: [{ ref: "A1", date: "2026-10-01", amount: "-10.00", text: "Fee" }] }] });
    const { name } = await getJournal(db(), co.viewer, journalId);
    const refusal = (staging: Promise<unknown>, language: "en" | "ko" = "en") =>
      staging.then(
        () => "staged",
        (error: unknown) => (error instanceof StatementFileError ? say(error.userMessage, language) : error),
      );
    expect(await refusal(stage(co.accountant, journalId, "other.xml", other))).toBe(
      `This file is for account DE89370400440532013000, but the journal “${name}” is for account BE71 0961 2345 6769.`,
    );
    expect(await refusal(stage(co.accountant, journalId, "other.xml", other), "ko")).toBe(
      `이 파일은 DE89370400440532013000 계좌의 명세서이지만, 분개장 “${name}”의 계좌는 BE71 0961 2345 6769입니다.`,
    );
    const dollars = ofxStatement({ version: "2", accountId: "BE71096123456769", currency: "USD", transactions: [{ fitId: "F1", date: "2026-10-01", amount: "-10.00", name: "Fee" }] });
    expect(await refusal(stage(co.accountant, journalId, "dollars.ofx", dollars))).toBe(`This file is in USD, but the journal “${name}” is in EUR.`);
    const broken = csv([["2026-10-01", "Rent", "Landlord", "-1.250,00"], ["2026-13-01", "Bad", "Nobody", "1,00"]]);
    expect(await refusal(stage(co.accountant, journalId, "broken.csv", broken, mapping))).toMatch(/^Line 3: /);
    expect(await db().select().from(statementImports).where(eq(statementImports.journalId, journalId))).toEqual([]);
    expect(await journalLines(journalId)).toEqual([]);
  });

  it("refuses the lines of the locked period, shows them in the preview, and imports the rest", async () => {
    const { co, journalId } = await manualJournal("Locked Co");
    await setLockEverythingDate(db(), co.admin, "2026-09-30");
    const file = ofxStatement({
      version: "1",
      accountId: "BE71096123456769",
      currency: "EUR",
      transactions: [
        { fitId: "F1", date: "2026-09-29", amount: "-10.00", name: "Old fee" },
        { fitId: "F2", date: "2026-09-30", amount: "-11.00", name: "Last locked fee" },
        { fitId: "F3", date: "2026-10-01", amount: "-12.00", name: "New fee" },
      ],
    });
    const preview = await stage(co.accountant, journalId, "locked.ofx", file);
    expect(preview).toMatchObject({ format: "ofx", lines: 3, locked: 2, lockDate: "2026-09-30", toImport: 1, accountNumber: "BE71096123456769" });
    expect(preview.sample.map((l) => l.status)).toEqual(["locked", "locked", "new"]);
    expect(await importStatementFile(db(), appClock, co.accountant, journalId, preview.importId)).toEqual({ imported: 1, flagged: 0, skippedKnown: 0, refusedLocked: 2 });
    expect((await journalLines(journalId)).map((l) => [l.date, l.label, l.onlineTransactionId])).toEqual([["2026-10-01", "New fee", "file:F3"]]);
  });

  it("flags, never drops, the lines of a CAMT file overlapping a synchronized Sandbox Bank journal; the duplicate review shows them", async () => {
    const co = await companyWithUsers(db(), "Overlap Co");
    const { runId, journals: linked } = await h.connectAll(co.accountant, "sandbox-bank", "gocardless");
    expect(await waitForRun(db(), runId)).toMatchObject({ status: "succeeded" });
    const journalId = linked.get("Checking")!;
    const journal = await getJournal(db(), co.viewer, journalId);
    const synced = (await journalLines(journalId)).filter((l) => l.source === "online" && l.date >= addDays(today(), -3));
    expect(synced).toHaveLength(3);
    const newer = addDays(today(), 0);
    const file = camtStatement({
      statements: [
        {
          iban: journal.accountNumber!,
          currency: "EUR",
          entries: [
            ...synced.map((l, i) => ({ ref: `CAMT-${i}`, date: l.date, amount: (Number(l.amountMinor) / 100).toFixed(2), text: l.label })),
            { ref: "CAMT-new", date: newer, amount: "-42.00", text: "Booked today" },
            { ref: "CAMT-pending", date: newer, amount: "-5.00", status: "PDNG" as const, text: "Pending 1" },
          ],
        },
      ],
    });
    const preview = await stage(co.accountant, journalId, "overlap.xml", file);
    expect(preview).toMatchObject({ format: "camt053", lines: 4, pending: 1, existing: 0, possibleDuplicates: 3, toImport: 4 });
    const before = (await journalLines(journalId)).length;
    expect(await importStatementFile(db(), appClock, co.accountant, journalId, preview.importId)).toEqual({ imported: 4, flagged: 3, skippedKnown: 0, refusedLocked: 0 });
    const after = await journalLines(journalId);
    expect(after).toHaveLength(before + 4);
    expect(after.filter((l) => l.possibleDuplicate).map((l) => l.source).sort()).toEqual(["file", "file", "file", "online", "online", "online"]);

    const groups = await findDuplicateGroups(db(), co.accountant, journalId, addDays(today(), -3));
    expect(groups).toHaveLength(3);
    for (const group of groups) expect(group.lines.map((l) => l.source).sort()).toEqual(["file", "online"]);
  });

  it("catches a feed's line in a file that leaves out the counterpart's account number", async () => {
    const { co, journalId } = await manualJournal("Feed Co");
    await db().insert(statementLines).values({
      companyId: co.companyId,
      journalId,
      date: "2026-10-07",
      amountMinor: -8990n,
      currency: "EUR",
      label: "Telekom 10/2026",
      counterpartAccount: "DE89 3704 0044 0532 0130 00",
      onlineTransactionId: "feed-1",
      source: "online",
    });
    const file = csv([["2026-10-07", "Telekom Rechnung", "Telekom", "-89,90"], ["2026-10-08", "Other", "Someone", "-89,90"]]);
    const preview = await stage(co.accountant, journalId, "telekom.csv", file, mapping);
    expect(preview).toMatchObject({ lines: 2, possibleDuplicates: 1, toImport: 2 });
    expect(preview.sample.map((l) => l.status)).toEqual(["duplicate", "new"]);
    expect(await importStatementFile(db(), appClock, co.accountant, journalId, preview.importId)).toMatchObject({ imported: 2, flagged: 1 });
    expect((await journalLines(journalId)).map((l) => [l.date, l.source, l.possibleDuplicate])).toEqual([
      ["2026-10-07", "online", true],
      ["2026-10-07", "file", true],
      ["2026-10-08", "file", false],
    ]);
  });

  it("writes all or nothing: a failure on the last page leaves the journal and the staged file as they were", async () => {
    const { co, journalId } = await manualJournal("Atomic Co");
    const rows: [string, string, string, string][] = [];
    for (let i = 0; i < 6_000; i++) rows.push([addDays("2024-01-01", Math.floor(i / 10)), i === 5_990 ? "BOOM" : `Payment ${i}`, "Partner", `-${i + 1},00`]);
    const preview = await stage(co.accountant, journalId, "big.csv", csv(rows), mapping);
    expect(preview).toMatchObject({ lines: 6_000, toImport: 6_000 });
    await db().execute(sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.label = 'BOOM' then raise exception 'boom'; end if; return new; end $$`);
    await db().execute(sql`create trigger refuse_boom before insert on statement_lines for each row execute function refuse_boom()`);
    try {
      await expect(importStatementFile(db(), appClock, co.accountant, journalId, preview.importId)).rejects.toThrow();
    } finally {
      await db().execute(sql`drop trigger refuse_boom on statement_lines`);
      await db().execute(sql`drop function refuse_boom()`);
    }
    expect(await journalLines(journalId)).toEqual([]);
    expect(await stagedCount(journalId)).toBe(1);
    expect(await importStatementFile(db(), appClock, co.accountant, journalId, preview.importId)).toMatchObject({ imported: 6_000 });
  });

  it("lets only the journal's company write, and drops what is staged on Cancel or after a day", async () => {
    const { co, journalId } = await manualJournal("Guard Co");
    const file = csv([["2026-10-01", "Rent", "Landlord", "-1.250,00"]]);
    await expect(stage(co.viewer, journalId, "v.csv", file, mapping)).rejects.toThrow(ForbiddenError);
    const stranger = await companyWithUsers(db(), "Stranger Co");
    await expect(stage(stranger.admin, journalId, "s.csv", file, mapping)).rejects.toThrow(NotFoundError);

    const preview = await stage(co.accountant, journalId, "a.csv", file, mapping);
    await expect(importStatementFile(db(), appClock, co.viewer, journalId, preview.importId)).rejects.toThrow(ForbiddenError);
    await expect(importStatementFile(db(), appClock, stranger.admin, journalId, preview.importId)).rejects.toThrow(NotFoundError);
    await discardStatementImport(db(), stranger.admin, journalId, preview.importId);
    expect(await stagedCount(journalId)).toBe(1);
    await discardStatementImport(db(), co.accountant, journalId, preview.importId);
    expect(await stagedCount(journalId)).toBe(0);

    await stage(co.accountant, journalId, "b.csv", file, mapping);
    const later = (hours: number) => new Date(appClock.now().getTime() + hours * 3600_000);
    expect(await dropStaleStatementImports(db(), later(23))).toBe(0);
    expect(await dropStaleStatementImports(db(), later(25))).toBeGreaterThanOrEqual(1);
    expect(await stagedCount(journalId)).toBe(0);
    expect(await journalLines(journalId)).toEqual([]);
  });
});
