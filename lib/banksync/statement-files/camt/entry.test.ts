import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { StatementFileError } from "../types";
import { addField, entryLines, type CamtEntry, type LeafFields } from "./entry";

function fields(pairs: Record<string, string | string[]>): LeafFields {
  const map: LeafFields = new Map();
  for (const [path, value] of Object.entries(pairs)) for (const v of [value].flat()) addField(map, path, v);
  return map;
}

const booked = { Amt: "30.00", "Amt@Ccy": "EUR", CdtDbtInd: "DBIT", Sts: "BOOK", "BookgDt/Dt": "2024-03-01" };

function entry(leaves: Record<string, string | string[]>, transactions: Array<Record<string, string | string[]>> = []): CamtEntry {
  return {
    number: 7,
    line: 70,
    fields: fields(leaves),
    transactions: transactions.map((tx, index) => ({ line: 80 + index, path: "NtryDtls/TxDtls", fields: fields(tx) })),
  };
}

const tx = (amount: string, more: Record<string, string | string[]> = {}) => ({ "Amt@Ccy": "EUR", Amt: amount, ...more });

describe("entryLines", () => {
  it.each([
    ["BOOK", "posted"],
    ["PDNG", "pending"],
    ["FUTR", "pending"],
  ])("status %s is %s", (code, status) => {
    expect(entryLines(entry({ ...booked, Sts: code }), null)[0]!.status).toBe(status);
    expect(entryLines(entry({ ...booked, Sts: "", "Sts/Cd": code }), null)[0]!.status).toBe(status);
  });

  it("gives no line for an INFO entry", () => {
    expect(entryLines(entry({ ...booked, Sts: "INFO" }), null)).toEqual([]);
  });

  it.each([
    ["a debit", { CdtDbtInd: "DBIT" }, -3000n],
    ["a credit", { CdtDbtInd: "CRDT" }, 3000n],
    ["a reversal, booked in its own direction", { CdtDbtInd: "CRDT", RvslInd: "true" }, 3000n],
    ["a JPY amount", { Amt: "1500", "Amt@Ccy": "JPY" }, -1500n],
    ["the statement's currency when Amt has none", { "Amt@Ccy": "" }, -3000n],
  ])("signs %s", (_case, change, minor) => {
    expect(entryLines(entry({ ...booked, ...change }), "EUR")[0]!.amountMinor).toBe(minor);
  });

  it.each([
    ["the booking date", { "BookgDt/Dt": "2024-03-01" }, "2024-03-01"],
    ["the date part of a booking date-time", { "BookgDt/Dt": "", "BookgDt/DtTm": "2024-03-02T23:30:00+01:00" }, "2024-03-02"],
    ["the value date without a booking date", { "BookgDt/Dt": "", "ValDt/Dt": "2024-03-03" }, "2024-03-03"],
  ])("dates by %s", (_case, change, date) => {
    expect(entryLines(entry({ ...booked, ...change }), null)[0]!.date).toBe(date);
  });

  it("splits a batch whose transactions add up to the entry, one line each", () => {
    const lines = entryLines(
      entry({ ...booked, AcctSvcrRef: "E1" }, [
        tx("10.00", { "Refs/AcctSvcrRef": "T1", "RltdPties/Cdtr/Nm": "Alice", "RltdPties/CdtrAcct/Id/IBAN": "BE71096123456769", "RmtInf/Ustrd": ["Invoice", "42"] }),
        tx("15.00", { "Refs/EndToEndId": "E2E-2", "RmtInf/Strd/CdtrRefInf/Ref": "RF18539007547034" }),
        tx("5.00", { "Refs/EndToEndId": "NOTPROVIDED", AddtlTxInf: "Fee" }),
      ]),
      null,
    );
    expect(lines.map((l) => [l.bankId, l.amountMinor, l.label, l.partnerName, l.counterpartAccount, l.where])).toEqual([
      ["T1", -1000n, "Invoice 42", "Alice", "BE71096123456769", { element: "Ntry 7, TxDtls 1", line: 80 }],
      ["E1/2", -1500n, "RF18539007547034", null, null, { element: "Ntry 7, TxDtls 2", line: 81 }],
      ["E1/3", -500n, "Fee", null, null, { element: "Ntry 7, TxDtls 3", line: 82 }],
    ]);
    expect(lines.reduce((sum, l) => sum + l.amountMinor, 0n)).toBe(-3000n);
    expect(lines[0]!.raw).toMatchObject({ Amt: "30.00", "NtryDtls/TxDtls/Amt": "10.00", "NtryDtls/TxDtls/RmtInf/Ustrd[2]": "42" });
  });

  it("uses a transaction's own direction (v08) and its end-to-end id when the entry has no reference", () => {
    const lines = entryLines(entry({ ...booked, Amt: "5.00" }, [tx("10.00", { CdtDbtInd: "DBIT", "Refs/EndToEndId": "A" }), tx("5.00", { CdtDbtInd: "CRDT" })]), null);
    expect(lines.map((l) => [l.bankId, l.amountMinor])).toEqual([
      ["A", -1000n],
      [null, 500n],
    ]);
  });

  it.each([
    ["amounts that do not add up", [tx("10.00"), tx("10.00")]],
    ["a transaction without an amount", [tx("10.00"), { "RmtInf/Ustrd": "x" }]],
    ["a transaction in another currency", [tx("10.00"), { ...tx("20.00"), "Amt@Ccy": "USD" }]],
  ])("keeps one line for the entry with %s", (_case, transactions) => {
    const lines = entryLines(entry({ ...booked, AddtlNtryInf: "Batch" }, transactions), null);
    expect(lines.map((l) => [l.amountMinor, l.label])).toEqual([[-3000n, "Batch"]]);
  });

  it("takes the counterpart, reference and text of an entry's only transaction", () => {
    const credit = { ...booked, CdtDbtInd: "CRDT", AddtlNtryInf: "SEPA credit" };
    const only = { "Refs/AcctSvcrRef": "TX9", "RltdPties/Dbtr/Pty/Nm": "Bob", "RltdPties/DbtrAcct/Id/Othr/Id": "12345", "RltdPties/Cdtr/Nm": "Us", "RmtInf/Ustrd": "Rent" };
    expect(entryLines(entry(credit, [only]), null)[0]).toMatchObject({ bankId: "TX9", label: "Rent", partnerName: "Bob", counterpartAccount: "12345", where: { element: "Ntry 7", line: 70 } });
    expect(entryLines(entry({ ...credit, RvslInd: "true" }, [only]), null)[0]).toMatchObject({ partnerName: "Us", amountMinor: 3000n });
    expect(entryLines(entry({ ...credit, AcctSvcrRef: "E7" }, [{ AddtlTxInf: "" }]), null)[0]).toMatchObject({ bankId: "E7", label: "SEPA credit", partnerName: null });
  });

  it("keeps at most 50 raw fields", () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`Extra${i}`, "x"]));
    expect(Object.keys(entryLines(entry({ ...booked, ...many }), null)[0]!.raw)).toHaveLength(50);
  });

  it.each([
    ["a malformed amount", { Amt: "1O.00" }, 'Ntry 7 (line 70): Amt "1O.00" is not an amount.'],
    ["a negative amount", { Amt: "-1.00" }, 'Ntry 7 (line 70): Amt "-1.00" is not an amount.'],
    ["too many decimals", { Amt: "1.001" }, 'Ntry 7 (line 70): Amt "1.001" has more decimals than EUR allows.'],
    ["an unknown currency", { "Amt@Ccy": "EU" }, 'Ntry 7 (line 70): Amt Ccy "EU" is not an ISO 4217 currency code.'],
    ["a missing amount", { Amt: "" }, "Ntry 7 (line 70): Amt is missing."],
    ["a missing CdtDbtInd", { CdtDbtInd: "" }, "Ntry 7 (line 70): CdtDbtInd is missing."],
    ["a wrong CdtDbtInd", { CdtDbtInd: "DEBIT" }, 'Ntry 7 (line 70): CdtDbtInd "DEBIT" is neither CRDT nor DBIT.'],
    ["a missing status", { Sts: "" }, "Ntry 7 (line 70): Sts is missing."],
    ["an unknown status", { Sts: "DONE" }, 'Ntry 7 (line 70): Sts "DONE" is not BOOK, PDNG or INFO.'],
    ["a bad date", { "BookgDt/Dt": "2024-02-30" }, 'Ntry 7 (line 70): BookgDt/Dt "2024-02-30" is not a date.'],
    ["no date", { "BookgDt/Dt": "" }, "Ntry 7 (line 70): there is no booking or value date (BookgDt, ValDt)."],
  ])("refuses %s", (_case, change, message) => {
    expect(refusal(() => entryLines(entry({ ...booked, ...change }), null))).toBe(message);
  });

  it("names the element and line in the reader's language", () => {
    expect(refusal(() => entryLines(entry({ ...booked, Amt: "1O.00" }), null), "ko")).toBe('Ntry 7(70행): Amt "1O.00"은(는) 금액이 아닙니다.');
  });
});

/** What a refusal tells a reader of `language`; fails the test when nothing is refused. */
function refusal(run: () => unknown, language: "en" | "ko" = "en"): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFileError);
    return say((error as StatementFileError).userMessage, language);
  }
  throw new Error("entryLines accepted the entry");
}
