import { describe, expect, it } from "vitest";
import { columnNames, columnRoles, draftFromSample, readDraft, refreshDraft, type ColumnWords, type CsvMappingDraft, type DraftField } from "@/components/csv-mapping-draft";
import { message } from "@/i18n/message";
import { say } from "@/test/i18n";
import type { CsvMapping, CsvSample } from "@/lib/banksync/statement-files/csv/mapping";

const mapping: CsvMapping = {
  encoding: "latin1",
  delimiter: ";",
  skipRows: 2,
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
  currencyColumn: 4,
};

const rows = [
  ["Buchungstag", "Text", "Partner", "Betrag", "Währung"],
  ["01.03.2026", "Miete", "Hausverwaltung", "-1.250,00", "EUR"],
];

const sample = (over: Partial<CsvSample> = {}): CsvSample => ({ encoding: "latin1", delimiter: ";", rows, mapping, ...over });

describe("draftFromSample", () => {
  it("prefills every control from the remembered mapping", () => {
    expect(draftFromSample(sample())).toEqual({
      encoding: "latin1",
      delimiter: ";",
      skipRows: "2",
      hasHeader: true,
      dateColumn: "0",
      dateFormat: "DD.MM.YYYY",
      amountKind: "signed",
      amountColumn: "3",
      debitColumn: "",
      creditColumn: "",
      decimalSeparator: ",",
      thousandsSeparator: ".",
      labelColumn: "1",
      partnerColumn: "2",
      referenceColumn: "",
      accountColumn: "",
      currencyColumn: "4",
    });
  });

  it("leaves the columns unchosen when nothing fits the file", () => {
    const draft = draftFromSample(sample({ mapping: null }));
    expect([draft.dateColumn, draft.amountColumn, draft.labelColumn, draft.partnerColumn]).toEqual(["", "", "", ""]);
    expect(draft.skipRows).toBe("0");
  });

  it("reads debit and credit columns", () => {
    const draft = draftFromSample(sample({ mapping: { ...mapping, amount: { kind: "debitCredit", debitColumn: 3, creditColumn: 4 } } }));
    expect([draft.amountKind, draft.amountColumn, draft.debitColumn, draft.creditColumn]).toEqual(["debitCredit", "", "3", "4"]);
  });
});

describe("columnNames", () => {
  const wordsIn = (language: "en" | "ko"): ColumnWords => ({
    column: (number) => say(message("CsvMapping.column", { number }), language),
    repeated: (name, number) => say(message("CsvMapping.repeatedColumn", { name, number }), language),
  });
  const english = wordsIn("en");

  it("names columns by their header cell, or by number without a header", () => {
    expect(columnNames(rows, true, english)).toEqual(["Buchungstag", "Text", "Partner", "Betrag", "Währung"]);
    expect(columnNames(rows, false, english)).toEqual(["Column 1", "Column 2", "Column 3", "Column 4", "Column 5"]);
    expect(columnNames(rows, false, wordsIn("ko")).slice(0, 2)).toEqual(["1번째 열", "2번째 열"]);
  });

  it("keeps a header cell that reads like a generated name", () => {
    expect(columnNames([["Column 1", "Column 1", "x"]], true, english)).toEqual(["Column 1 (column 1)", "Column 1 (column 2)", "x"]);
  });

  it("numbers blank and repeated header cells, and counts the widest row", () => {
    expect(columnNames([["Date", "", "Amount", "Amount"], ["a", "b", "c", "d", "e"]], true, english)).toEqual([
      "Date",
      "Column 2",
      "Amount (column 3)",
      "Amount (column 4)",
      "Column 5",
    ]);
  });
});

describe("refreshDraft", () => {
  const twoColumns: CsvSample = { encoding: "utf-8", delimiter: ",", rows: [["Date", "Amount"]], mapping: null };

  it("keeps the user's column choices that still fit, and drops those that do not", () => {
    const draft = { ...draftFromSample(sample()), dateColumn: "1", labelColumn: "4" };
    const next = refreshDraft(draft, new Set<DraftField>(["dateColumn", "labelColumn"]), twoColumns);
    expect(next.dateColumn).toBe("1");
    expect(next.labelColumn).toBe("");
    expect(next.currencyColumn).toBe("");
    expect([next.encoding, next.delimiter]).toEqual(["utf-8", ","]);
  });

  it("follows the new sample's mapping where the user chose nothing", () => {
    const draft = draftFromSample(sample({ mapping: null }));
    const touched = new Set<DraftField>(["dateFormat"]);
    const next = refreshDraft({ ...draft, dateFormat: "YYYYMMDD" }, touched, sample());
    expect(next.amountColumn).toBe("3");
    expect(next.decimalSeparator).toBe(",");
    expect(next.dateFormat).toBe("YYYYMMDD");
  });
});

describe("columnRoles", () => {
  it("marks the columns the mapping uses", () => {
    const roles = columnRoles({ ...draftFromSample(sample()), amountKind: "debitCredit", debitColumn: "3", creditColumn: "4" });
    expect(Object.fromEntries(roles)).toEqual({ 0: ["date"], 1: ["label"], 2: ["partner"], 3: ["debit"], 4: ["credit", "currency"] });
  });
});

describe("readDraft", () => {
  const draft: CsvMappingDraft = draftFromSample(sample());

  it("gives the mapping to upload with", () => {
    expect(readDraft(draft)).toEqual({ ok: true, mapping });
  });

  it("names each missing column and a bad number of lines to skip", () => {
    const answer = readDraft({ ...draft, dateColumn: "", amountColumn: "", labelColumn: "", skipRows: "1.5" });
    expect(answer).toEqual({
      ok: false,
      errors: {
        skipRows: "CsvMapping.errors.skipRows",
        dateColumn: "CsvMapping.errors.dateColumn",
        amountColumn: "CsvMapping.errors.amountColumn",
        labelColumn: "CsvMapping.errors.labelColumn",
      },
    });
    expect(say("CsvMapping.errors.skipRows")).toBe("Enter a whole number from 0 to 100.");
  });

  it("refuses more than 100 lines to skip", () => {
    expect(readDraft({ ...draft, skipRows: "101" })).toEqual({ ok: false, errors: { skipRows: "CsvMapping.errors.skipRows" } });
  });

  it("checks the debit and credit columns", () => {
    const debitCredit = { ...draft, amountKind: "debitCredit" as const };
    expect(readDraft({ ...debitCredit, debitColumn: "", creditColumn: "4" })).toEqual({ ok: false, errors: { debitColumn: "CsvMapping.errors.debitColumn" } });
    expect(readDraft({ ...debitCredit, debitColumn: "3", creditColumn: "3" })).toEqual({
      ok: false,
      errors: { creditColumn: "CsvMapping.errors.sameDebitCredit" },
    });
    expect(readDraft({ ...debitCredit, debitColumn: "3", creditColumn: "4" })).toMatchObject({ ok: true, mapping: { amount: { kind: "debitCredit", debitColumn: 3, creditColumn: 4 } } });
  });

  it("refuses the same decimal and thousands separator, with the schema's message", () => {
    expect(readDraft({ ...draft, decimalSeparator: ",", thousandsSeparator: "," })).toEqual({
      ok: false,
      errors: { thousandsSeparator: "CsvMapping.errors.separatorsDiffer" },
    });
    expect(say("CsvMapping.errors.separatorsDiffer")).toBe("The decimal and thousands separators must differ.");
  });
});
