import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ofxFile, ofxStatement } from "@/test/files/ofx";
import { parseAll, parseFailure } from "@/test/files/bytes";
import type { FileLine, StatementItem } from "../types";
import { parseOfx } from "./parse";

const read = (file: string | Uint8Array, size?: number) => parseAll(parseOfx, file, size);
const failure = (file: string) => parseFailure(parseOfx, file);

/** The 1-based line of the first occurrence of `needle`. */
const lineOf = (file: string, needle: string) => file.slice(0, file.indexOf(needle)).split("\n").length;

const lines = (items: StatementItem[]) => items.filter((item): item is FileLine => item.type === "line");

const transactions = [
  { fitId: "T1", date: "2024-01-05", amount: "-12.50", name: "Café de Flore", memo: "Déjeuner" },
  { fitId: "T2", date: "2024-01-06", amount: "1500.00", name: "ACME PAYROLL", memo: "ACME PAYROLL" },
  { fitId: "T3", date: "2024-01-07", amount: "-3", name: "Tom & Jerry" },
];

describe("parseOfx", () => {
  it("reads an OFX 1.x SGML file in windows-1252, a statement then its lines", async () => {
    const text = ofxStatement({ version: "1", charset: "1252", accountId: "FR7630004000031234567890143", currency: "EUR", transactions });
    expect(text).toContain("CHARSET:1252");
    const items = await read(iconv.encode(text, "windows-1252"));
    expect(items[0]).toEqual({ type: "statement", accountNumber: "FR7630004000031234567890143", currency: "EUR", where: { element: "STMTRS 1", line: lineOf(text, "<STMTRS>") } });
    expect(lines(items)).toEqual([
      {
        type: "line",
        bankId: "T1",
        date: "2024-01-05",
        amountMinor: -1250n,
        currency: "EUR",
        label: "Café de Flore Déjeuner",
        partnerName: "Café de Flore",
        counterpartAccount: null,
        status: "posted",
        raw: { TRNTYPE: "DEBIT", DTPOSTED: "20240105120000[0:GMT]", TRNAMT: "-12.50", FITID: "T1", NAME: "Café de Flore", MEMO: "Déjeuner" },
        where: { element: "STMTTRN 1", line: lineOf(text, "<STMTTRN>") },
      },
      expect.objectContaining({ bankId: "T2", amountMinor: 150000n, label: "ACME PAYROLL", partnerName: "ACME PAYROLL" }),
      expect.objectContaining({ bankId: "T3", amountMinor: -300n, label: "Tom & Jerry", partnerName: "Tom & Jerry" }),
    ]);
  });

  it("reads an OFX 2.x XML file the same way", async () => {
    const sgml = await read(ofxStatement({ version: "1", accountId: "123", currency: "USD", transactions }));
    const xml = await read(ofxStatement({ version: "2", accountId: "123", currency: "USD", transactions }));
    const strip = (items: StatementItem[]) => items.map(({ where: _where, ...rest }) => rest);
    expect(strip(xml)).toEqual(strip(sgml));
    expect(lines(xml).map((line) => line.amountMinor)).toEqual([-1250n, 150000n, -300n]);
  });

  it("reads a QFX, ignoring Quicken's own elements", async () => {
    const qfx = ofxStatement({ version: "1", accountId: "9876", currency: "USD", transactions }).replace("<SONRS>", "<SONRS>\n<INTU.BID>3000\n<INTU.USERID>me");
    expect(lines(await read(qfx))).toHaveLength(3);
  });

  it("reads a credit-card statement (CCSTMTRS) and two statements in one file", async () => {
    const file = ofxFile({
      version: "1",
      statements: [
        { accountId: "BE68539007547034", currency: "EUR", transactions: transactions.slice(0, 1) },
        { accountId: "4111XXXX1111", currency: "USD", creditCard: true, transactions: transactions.slice(1) },
      ],
    });
    const items = await read(file);
    expect(items.map((item) => (item.type === "statement" ? `${item.accountNumber} ${item.currency}` : `${item.bankId} ${item.currency}`))).toEqual([
      "BE68539007547034 EUR",
      "T1 EUR",
      "4111XXXX1111 USD",
      "T2 USD",
      "T3 USD",
    ]);
    expect(items[2]!.where).toEqual({ element: "CCSTMTRS 2", line: expect.any(Number) });
  });

  it("gives the same items fed one byte at a time", async () => {
    const file = iconv.encode(ofxStatement({ version: "1", charset: "1252", accountId: "1", currency: "EUR", transactions }), "windows-1252");
    expect(await read(file, 1)).toEqual(await read(file));
    const xml = Buffer.from(ofxStatement({ version: "2", accountId: "1", currency: "EUR", transactions }));
    expect(await read(xml, 1)).toEqual(await read(xml));
  });

  it("reads a comma as decimal mark, a transaction's own currency, and a payee and counterpart account", async () => {
    const file = ofxStatement({ version: "1", accountId: "1", currency: "EUR", transactions: [{ fitId: "X", date: "2024-02-29", amount: "-7.25", name: "N" }] })
      .replace("<TRNAMT>-7.25", "<TRNAMT>-7,25")
      .replace("<NAME>N", "<PAYEE>\n<NAME>Payee Ltd\n</PAYEE>\n<BANKACCTTO>\n<ACCTID>DE89370400440532013000\n</BANKACCTTO>\n<CURRENCY>\n<CURRATE>1.1\n<CURSYM>USD\n</CURRENCY>");
    expect(lines(await read(file))).toEqual([
      expect.objectContaining({ amountMinor: -725n, currency: "USD", label: "", partnerName: "Payee Ltd", counterpartAccount: "DE89370400440532013000", date: "2024-02-29" }),
    ]);
  });

  it("keeps the statement's currency when the bank says which currency it converted from (ORIGCURRENCY)", async () => {
    const file = ofxStatement({ version: "2", accountId: "1", currency: "EUR", transactions: [{ fitId: "X", date: "2024-01-01", amount: "-10.00", name: "Shop" }] })
      .replace("<NAME>Shop</NAME>", "<NAME>Shop</NAME><ORIGCURRENCY><CURRATE>0.9</CURRATE><CURSYM>USD</CURSYM></ORIGCURRENCY>");
    const [line] = lines(await read(file));
    expect(line).toMatchObject({ currency: "EUR", amountMinor: -1000n, raw: { "ORIGCURRENCY/CURSYM": "USD" } });
  });

  it.each([
    ["an amount that is not one", (f: string) => f.replace("<TRNAMT>-12.50", "<TRNAMT>12,x"), 'STMTTRN 1 (line LINE): TRNAMT "12,x" is not an amount.'],
    ["more decimals than the currency has", (f: string) => f.replace("<TRNAMT>-12.50", "<TRNAMT>-12.505"), 'STMTTRN 1 (line LINE): TRNAMT "-12.505" has more decimals than EUR allows.'],
    ["a missing DTPOSTED", (f: string) => f.replace(/<DTPOSTED>[^\n]*\n/, ""), "STMTTRN 1 (line LINE): DTPOSTED is missing."],
    ["a missing TRNAMT", (f: string) => f.replace(/<TRNAMT>[^\n]*\n/, ""), "STMTTRN 1 (line LINE): TRNAMT is missing."],
    ["a date that does not exist", (f: string) => f.replace("<DTPOSTED>20240105", "<DTPOSTED>20240230"), 'STMTTRN 1 (line LINE): DTPOSTED "20240230120000[0:GMT]" is not a date.'],
    ["a transaction before the currency", (f: string) => f.replace("<CURDEF>EUR\n", "").replace("</BANKTRANLIST>", "</BANKTRANLIST>\n<CURDEF>EUR"), "STMTTRN 1 (line LINE): the statement's currency (CURDEF) must come before its transactions."],
    ["no statement", (f: string) => f.replace(/<BANKMSGSRSV1>[\s\S]*<\/BANKMSGSRSV1>\n/, ""), "There is no bank statement (STMTRS or CCSTMTRS) in this OFX file."],
  ])("refuses %s, naming the element and line", async (_case, corrupt, message) => {
    const file = corrupt(ofxStatement({ version: "1", accountId: "1", currency: "EUR", transactions }));
    expect(await failure(file)).toBe(message.replace("LINE", String(lineOf(file, "<STMTTRN>"))));
  });

  it.each(["1", "2"] as const)("names the line of a syntax error in OFX %s.x", async (version) => {
    const file = ofxStatement({ version, accountId: "1", currency: "EUR", transactions }).replace("</STMTTRN>", "</STMTTRNX>");
    expect(await failure(file)).toMatch(new RegExp(`^Line ${lineOf(file, "</STMTTRNX>")}: the OFX is not well-formed \\(.+\\)\\.$`));
  });
});
