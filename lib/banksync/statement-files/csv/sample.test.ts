import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { byteChunks } from "@/test/files/bytes";
import { csvStatement, encodeText, type CsvTestRow } from "@/test/files/csv";
import { StatementFileError, type FileLine } from "../types";
import type { CsvMapping } from "./mapping";
import { parseCsv } from "./parse";
import { csvHeadBytes, csvSample } from "./sample";

const rows: CsvTestRow[] = [
  { date: "2026-11-26", amount: "-4.50", label: "Café de la Gare" },
  { date: "2026-11-27", amount: "3500", label: "Salary" },
];
const korean: CsvTestRow[] = [
  { date: "2026-11-26", amount: "-5000", label: "스타벅스 강남점" },
  { date: "2026-11-27", amount: "-12000", label: "똠양꿍 식당" },
];

describe("csvSample", () => {
  it.each([
    ["utf-8", rows, "Café de la Gare"],
    ["utf-8-bom", rows, "Café de la Gare"],
    ["latin1", rows, "Café de la Gare"],
    ["euc-kr", korean.slice(0, 1), "스타벅스 강남점"],
    ["cp949", korean, "똠양꿍 식당"],
  ] as const)("detects %s and decodes the rows", (encoding, table, text) => {
    const sample = csvSample(csvStatement(table, { encoding, decimals: encoding === "cp949" || encoding === "euc-kr" ? 0 : 2 }), { currency: "EUR" });
    expect(sample.encoding).toBe(encoding);
    expect(sample.rows[0]).toEqual(["Date", "Description", "Amount"]);
    expect(sample.rows.flat()).toContain(text);
    expect(sample.mapping).toMatchObject({ encoding, delimiter: ",", hasHeader: true, dateColumn: 0, labelColumn: 1, amount: { kind: "signed", column: 2 } });
  });

  it("reads with the encoding and delimiter the user chose", () => {
    const file = csvStatement(rows, { delimiter: ";" });
    const sample = csvSample(file, { currency: "EUR", encoding: "latin1", delimiter: "," });
    expect(sample.encoding).toBe("latin1");
    expect(sample.delimiter).toBe(",");
    expect(sample.rows[1]).toEqual(["2026-11-26;CafÃ© de la Gare;-4.50"]);
  });

  it("detects and skips a preamble, or skips what the user says", () => {
    const file = csvStatement(rows, { delimiter: ";", decimal: ",", thousands: ".", dateFormat: "DD.MM.YYYY", preamble: ["Kontoinhaber;Max Mustermann", "IBAN;DE89 3704 0044 0532 0130 00", ""] });
    const detected = csvSample(file, { currency: "EUR" });
    expect(detected.rows[0]).toEqual(["Date", "Description", "Amount"]);
    expect(detected.mapping).toMatchObject({ skipRows: 3, hasHeader: true, decimalSeparator: ",", dateFormat: "DD.MM.YYYY" });

    const chosen = csvSample(file, { currency: "EUR", skipRows: 4 });
    expect(chosen.rows[0]).toEqual(["26.11.2026", "Café de la Gare", "-4,50"]);
    expect(chosen.mapping).toMatchObject({ skipRows: 4, hasHeader: false });
  });

  it("skips lines ended by CR LF or a lone CR", () => {
    for (const eol of ["\r\n", "\r"]) {
      const file = Buffer.from(["Konto 1234", "Date,Description,Amount", "2026-11-26,Coffee,-4.50", ""].join(eol));
      expect(csvSample(file, { currency: "EUR", skipRows: 1 }).rows).toEqual([
        ["Date", "Description", "Amount"],
        ["2026-11-26", "Coffee", "-4.50"],
      ]);
    }
  });

  it("shows at most 20 rows", () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ date: "2026-11-26", amount: `-${i}.00`, label: `Row ${i}` }));
    expect(csvSample(csvStatement(many), { currency: "EUR" }).rows).toHaveLength(20);
  });

  it("drops the last line of a head that is not the whole file", () => {
    const file = csvStatement(rows);
    const cut = file.subarray(0, file.length - 5);
    expect(csvSample(cut, { currency: "EUR", complete: false }).rows).toHaveLength(2);
    expect(csvSample(cut, { currency: "EUR", complete: true }).rows).toHaveLength(3);
    // By default a head shorter than 64 KB is the whole file.
    expect(csvSample(cut, { currency: "EUR" }).rows).toHaveLength(3);
  });

  it("drops a Korean character cut at the end of a 64 KB head", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ date: "2026-11-26", amount: `-${i}`, label: "스타벅스 강남점" }));
    const file = csvStatement(many, { encoding: "euc-kr", decimals: 0 });
    const head = file.subarray(0, csvHeadBytes);
    const sample = csvSample(head, { currency: "KRW" });
    expect(sample.encoding).toBe("euc-kr");
    expect(sample.rows.flat().join("")).not.toContain("\ufffd");
  });

  describe("with a remembered mapping", () => {
    const remembered: CsvMapping = {
      encoding: "latin1",
      delimiter: ";",
      skipRows: 0,
      hasHeader: true,
      dateColumn: 0,
      dateFormat: "DD.MM.YYYY",
      amount: { kind: "signed", column: 2 },
      decimalSeparator: ",",
      thousandsSeparator: ".",
      // Not what a guess would take: proves the remembered mapping is the one answered.
      labelColumn: 0,
      partnerColumn: null,
      referenceColumn: null,
      accountColumn: null,
      currencyColumn: null,
    };
    const german = { delimiter: ";", decimal: ",", thousands: ".", dateFormat: "DD.MM.YYYY" } as const;

    it("answers it when it fits, in its encoding when the file reads the same", () => {
      const ascii = csvStatement([{ date: "2026-11-26", amount: "-4.50", label: "Kaffee" }], german);
      const sample = csvSample(ascii, { currency: "EUR", remembered });
      expect(sample.encoding).toBe("latin1");
      expect(sample.mapping).toBe(remembered);
    });

    it("guesses when the file's encoding or delimiter differs", () => {
      expect(csvSample(csvStatement(korean, { ...german, encoding: "cp949", decimals: 0 }), { currency: "EUR", remembered }).mapping).toMatchObject({ encoding: "cp949", labelColumn: 1 });
      expect(csvSample(csvStatement(rows, { dateFormat: "DD.MM.YYYY", encoding: "latin1" }), { currency: "EUR", remembered }).mapping).toMatchObject({ delimiter: ",", labelColumn: 1 });
      expect(csvSample(csvStatement(rows, { ...german, encoding: "latin1" }), { currency: "EUR", remembered, delimiter: "," }).mapping).not.toBe(remembered);
    });

    it("guesses when its columns are not in the file or its dates do not read", () => {
      expect(csvSample(csvStatement(rows, { ...german, encoding: "latin1" }), { currency: "EUR", remembered: { ...remembered, partnerColumn: 7 } }).mapping).toMatchObject({ partnerColumn: null });
      const isoDates = csvSample(csvStatement(rows, { ...german, dateFormat: "YYYY-MM-DD", encoding: "latin1" }), { currency: "EUR", remembered });
      expect(isoDates.mapping).toMatchObject({ dateFormat: "YYYY-MM-DD", labelColumn: 1 });
    });
  });

  it("refuses a file that is not text", () => {
    const utf16 = Buffer.from("\ufeffDate,Amount\n2026-11-26,1.00\n", "utf16le");
    expect(() => csvSample(utf16, { currency: "EUR" })).toThrow(StatementFileError);
    expect(() => csvSample(utf16, { currency: "EUR" })).toThrow(new StatementFileError(message("StatementFiles.file.notText")));
  });
});

describe("a bank's export, sampled then read with the guessed mapping", () => {
  async function read(file: Buffer, currency: string): Promise<FileLine[]> {
    const { mapping } = csvSample(file, { currency });
    const out: FileLine[] = [];
    for await (const item of parseCsv(byteChunks(file, 5), mapping!, currency)) if (item.type === "line") out.push(item);
    return out;
  }

  it("reads a Korean bank's EUC-KR export with its summary lines", async () => {
    const file = encodeText(
      [
        "거래내역조회",
        "계좌번호,123-456-789012",
        "조회기간,2026.11.01 ~ 2026.11.30",
        "",
        "거래일시,적요,기재내용,출금액(원),입금액(원),잔액(원),거래점",
        '2026.11.26 14:05:00,체크카드,스타벅스 강남점,"5,000",0,"1,245,000",강남',
        '2026.11.25 09:00:00,급여,주식회사 에이씨엠이,0,"3,500,000","1,250,000",본점',
        "",
      ].join("\r\n"),
      "euc-kr",
    );
    expect(csvSample(file, { currency: "KRW" })).toMatchObject({ encoding: "euc-kr", delimiter: ",", mapping: { skipRows: 4, hasHeader: true } });
    expect((await read(file, "KRW")).map((l) => [l.where, l.date, l.amountMinor, l.label])).toEqual([
      [{ line: 6 }, "2026-11-26", -5000n, "체크카드"],
      [{ line: 7 }, "2026-11-25", 3500000n, "급여"],
    ]);
  });

  it("reads a US bank's export with a byte-order mark", async () => {
    const file = encodeText(
      'Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\nDEBIT,11/26/2026,"STARBUCKS STORE 1234, SEATTLE WA",-4.50,DEBIT_CARD,"1,234.56",\nCREDIT,11/15/2026,ACME PAYROLL,"3,500.00",ACH_CREDIT,"1,239.06",\n',
      "utf-8-bom",
    );
    expect((await read(file, "USD")).map((l) => [l.date, l.amountMinor, l.label])).toEqual([
      ["2026-11-26", -450n, "STARBUCKS STORE 1234, SEATTLE WA"],
      ["2026-11-15", 350000n, "ACME PAYROLL"],
    ]);
  });

  it("reads a German export in Latin-1 with ';' and 1.234,56", async () => {
    const file = encodeText(
      '"Buchungstag";"Valutadatum";"Empfänger";"Verwendungszweck";"Betrag";"Währung"\n"28.11.2026";"28.11.2026";"Bäckerei Müller";"Brötchen";"-3,20";"EUR"\n"27.11.2026";"27.11.2026";"ACME GmbH";"Gehalt";"3.500,00";"EUR"\n',
      "latin1",
    );
    expect((await read(file, "EUR")).map((l) => [l.date, l.amountMinor, l.label, l.partnerName, l.currency])).toEqual([
      ["2026-11-28", -320n, "Brötchen", "Bäckerei Müller", "EUR"],
      ["2026-11-27", 350000n, "Gehalt", "ACME GmbH", "EUR"],
    ]);
  });
});
