import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { say } from "@/test/i18n";
import { byteChunks } from "@/test/files/bytes";
import { csvStatement, encodeText, type CsvLayout, type CsvTestRow } from "@/test/files/csv";
import { StatementFileError, type FileLine, type StatementItem } from "../types";
import { csvDateFormats, type CsvEncoding, type CsvMapping } from "./mapping";
import { parseCsv } from "./parse";

/** Date, Description, Amount with a header: the layout csvStatement writes by default. */
const mapping: CsvMapping = {
  encoding: "utf-8",
  delimiter: ",",
  skipRows: 0,
  hasHeader: true,
  dateColumn: 0,
  dateFormat: "YYYY-MM-DD",
  amount: { kind: "signed", column: 2 },
  decimalSeparator: ".",
  thousandsSeparator: ",",
  labelColumn: 1,
  partnerColumn: null,
  referenceColumn: null,
  accountColumn: null,
  currencyColumn: null,
};

async function items(bytes: Uint8Array, map: CsvMapping, currency = "EUR", chunkSize?: number): Promise<StatementItem[]> {
  const out: StatementItem[] = [];
  for await (const item of parseCsv(byteChunks(bytes, chunkSize), map, currency)) out.push(item);
  return out;
}

async function lines(bytes: Uint8Array, map: CsvMapping, currency = "EUR", chunkSize?: number): Promise<FileLine[]> {
  return (await items(bytes, map, currency, chunkSize)).filter((item): item is FileLine => item.type === "line");
}

async function failure(bytes: Uint8Array, map: CsvMapping, currency = "EUR", language: "en" | "ko" = "en"): Promise<string> {
  try {
    await items(bytes, map, currency);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFileError);
    return say((error as StatementFileError).userMessage, language);
  }
  throw new Error("The file was read without an error.");
}

const text = (csv: string, encoding: CsvEncoding = "utf-8") => encodeText(csv, encoding);
const row = (amount: string, label = "Coffee"): CsvTestRow => ({ date: "2026-11-26", amount, label });

describe("parseCsv", () => {
  it("yields one statement without account or currency, then each row as a posted line", async () => {
    const file = csvStatement([{ date: "2026-11-26", amount: "-4.50", label: "Coffee", partner: "Café Central", reference: "TX-1", account: "DE02120300000000202051" }]);
    const map: CsvMapping = { ...mapping, partnerColumn: 2, referenceColumn: 3, accountColumn: 4, amount: { kind: "signed", column: 5 } };
    expect(await items(file, map)).toEqual<StatementItem[]>([
      { type: "statement", accountNumber: null, currency: null, where: { line: 1 } },
      {
        type: "line",
        bankId: "TX-1",
        date: "2026-11-26",
        amountMinor: -450n,
        currency: "EUR",
        label: "Coffee",
        partnerName: "Café Central",
        counterpartAccount: "DE02120300000000202051",
        status: "posted",
        raw: { Date: "2026-11-26", Description: "Coffee", Partner: "Café Central", Reference: "TX-1", Account: "DE02120300000000202051", Amount: "-4.50" },
        where: { line: 2 },
      },
    ]);
  });

  it("gives empty partner, reference and account cells as null, and trims the label", async () => {
    const file = text("Date,Description,Partner,Reference,Account,Amount\n2026-11-26,  Coffee  , , ,,-4.50\n");
    const [line] = await lines(file, { ...mapping, partnerColumn: 2, referenceColumn: 3, accountColumn: 4, amount: { kind: "signed", column: 5 } });
    expect(line).toMatchObject({ label: "Coffee", partnerName: null, bankId: null, counterpartAccount: null });
  });

  describe("encodings", () => {
    it.each([
      ["utf-8", "Café Central"],
      ["utf-8-bom", "Café Central"],
      ["latin1", "Café Central – €"],
      ["euc-kr", "스타벅스 강남점"],
      ["cp949", "똠양꿍 스타벅스 강남점"],
    ] as const)("reads %s", async (encoding, label) => {
      const file = csvStatement([row("-4.50", label)], { encoding });
      const [line] = await lines(file, { ...mapping, encoding });
      expect(line).toMatchObject({ label, amountMinor: -450n, raw: { Date: "2026-11-26", Description: label, Amount: "-4.50" } });
    });

    it.each(["utf-8", "euc-kr", "cp949"] as const)("joins %s characters split across chunks (one byte at a time)", async (encoding) => {
      const labels = ["스타벅스 강남점", "똠양꿍", "급여 입금"];
      const file = csvStatement(
        labels.map((label, i) => ({ date: `2026-11-2${i}`, amount: `-${i + 1}000`, label })),
        { encoding, decimals: 0, thousands: ",", header: ["거래일시", "적요", "금액"] },
      );
      const read = await lines(file, { ...mapping, encoding }, "KRW", 1);
      expect(read.map((line) => line.label)).toEqual(labels);
      expect(read.map((line) => line.amountMinor)).toEqual([-1000n, -2000n, -3000n]);
      expect(read[0]!.raw).toEqual({ 거래일시: "2026-11-20", 적요: "스타벅스 강남점", 금액: "-1,000" });
    });
  });

  it.each([",", ";", "\t", "|"] as const)("splits on %j", async (delimiter) => {
    const file = csvStatement([row("-1234.50", `Coffee${delimiter} large`)], { delimiter, thousands: "," });
    const [line] = await lines(file, { ...mapping, delimiter });
    expect(line).toMatchObject({ label: `Coffee${delimiter} large`, amountMinor: -123450n });
  });

  it("skips a preamble and the header, numbering lines as in the file", async () => {
    const file = csvStatement([row("-4.50"), row("-3.00", "Tea")], { preamble: ['Account,"DE89 3704 0044 0532 0130 00"', "Period,November 2026", ""] });
    const read = await lines(file, { ...mapping, skipRows: 3 });
    expect(read.map((line) => [line.label, line.where])).toEqual([
      ["Coffee", { line: 5 }],
      ["Tea", { line: 6 }],
    ]);
  });

  it("skips preamble lines ended by CR LF or a lone CR, even when a break is split across chunks", async () => {
    for (const eol of ["\r\n", "\r"]) {
      const file = text(["Konto 1234", "Zeitraum November", "Date,Description,Amount", "2026-11-26,Coffee,-4.50", ""].join(eol));
      for (const chunkSize of [1, 2, 1024]) {
        const read = await lines(file, { ...mapping, skipRows: 2 }, "EUR", chunkSize);
        expect(read.map((line) => [line.label, line.where])).toEqual([["Coffee", { line: 4 }]]);
      }
    }
  });

  it("reads a file without a header, naming raw cells by column number", async () => {
    const file = csvStatement([row("-4.50")], { header: false });
    const [line] = await lines(file, { ...mapping, hasHeader: false });
    expect(line).toMatchObject({ where: { line: 1 }, raw: { "column 1": "2026-11-26", "column 2": "Coffee", "column 3": "-4.50" } });
  });

  it("names raw cells of a blank or repeated header by column number", async () => {
    const [line] = await lines(text("Date,,Date,Amount\n2026-11-26,Coffee,x,-4.50\n"), { ...mapping, amount: { kind: "signed", column: 3 } });
    expect(line!.raw).toEqual({ Date: "2026-11-26", "column 2": "Coffee", "column 3": "x", Amount: "-4.50" });
  });

  it.each(csvDateFormats)("reads dates as %s", async (dateFormat) => {
    const file = csvStatement([{ date: "2026-01-31", amount: "-4.50", label: "Coffee" }], { dateFormat, delimiter: ";" });
    const [line] = await lines(file, { ...mapping, delimiter: ";", dateFormat });
    expect(line!.date).toBe("2026-01-31");
  });

  it("ignores a time after the date", async () => {
    const file = csvStatement([row("-5000", "스타벅스 강남점")], { dateFormat: "YYYY.MM.DD", time: "14:05:00", decimals: 0 });
    const [line] = await lines(file, { ...mapping, dateFormat: "YYYY.MM.DD" }, "KRW");
    expect(line).toMatchObject({ date: "2026-11-26", amountMinor: -5000n, currency: "KRW" });
  });

  describe("amounts", () => {
    it("reads debit and credit columns: out negative, in positive, their own signs ignored", async () => {
      const file = text("Date,Description,Debit,Credit\n2026-11-26,Coffee,4.50,\n2026-11-27,Salary,,3500.00\n2026-11-28,Fee,-1.00,\n2026-11-29,Refund,0,12.00\n2026-11-30,Netted,10.00,25.00\n");
      const read = await lines(file, { ...mapping, amount: { kind: "debitCredit", debitColumn: 2, creditColumn: 3 } });
      expect(read.map((line) => line.amountMinor)).toEqual([-450n, 350000n, -100n, 1200n, 1500n]);
    });

    it.each<[string, CsvLayout, Partial<CsvMapping>, bigint]>([
      ["decimal comma, thousands dot", { decimal: ",", thousands: "." }, { decimalSeparator: ",", thousandsSeparator: "." }, -123456789n],
      ["thousands space", { decimal: ",", thousands: " " }, { decimalSeparator: ",", thousandsSeparator: " " }, -123456789n],
      ["thousands apostrophe", { thousands: "'" }, { thousandsSeparator: "'" }, -123456789n],
      ["no thousands", { thousands: "" }, { thousandsSeparator: "" }, -123456789n],
      ["parentheses", { thousands: ",", negative: "parentheses" }, {}, -123456789n],
      ["trailing minus", { thousands: ",", negative: "trailing" }, {}, -123456789n],
    ])("reads %s", async (_name, layout, separators, minor) => {
      const file = csvStatement([row("-1234567.89")], { ...layout, delimiter: ";" });
      const [line] = await lines(file, { ...mapping, delimiter: ";", ...separators });
      expect(line!.amountMinor).toBe(minor);
    });

    it("reads KRW without decimals", async () => {
      const file = csvStatement([row("-1250000", "월세"), row("3500000", "급여")], { decimals: 0, thousands: "," });
      const read = await lines(file, mapping, "KRW");
      expect(read.map((line) => [line.amountMinor, line.currency])).toEqual([
        [-1250000n, "KRW"],
        [3500000n, "KRW"],
      ]);
    });

    it("takes each row's currency from a currency column, else the journal's", async () => {
      const file = text("Date,Description,Amount,Currency\n2026-11-26,Coffee,-4.50,usd\n2026-11-27,Ramen,-1200, JPY \n2026-11-28,Tea,-3.00,\n");
      const read = await lines(file, { ...mapping, currencyColumn: 3 }, "EUR");
      expect(read.map((line) => [line.currency, line.amountMinor])).toEqual([
        ["USD", -450n],
        ["JPY", -1200n],
        ["EUR", -300n],
      ]);
    });
  });

  it("skips blank and separator rows", async () => {
    const file = text("Date;Description;Amount\n2026-11-26;Coffee;-4,50\n;;\n\n ; ; \n2026-11-27;Tea;-3,00\n;;;;\n");
    const read = await lines(file, { ...mapping, delimiter: ";", decimalSeparator: ",", thousandsSeparator: "." });
    expect(read.map((line) => [line.label, line.where])).toEqual([
      ["Coffee", { line: 2 }],
      ["Tea", { line: 6 }],
    ]);
  });

  it("keeps a stray quote as written", async () => {
    const [line] = await lines(text('Date,Description,Amount\n2026-11-27,"Tea" time 5" long,-3.00\n'), mapping);
    expect(line!.label).toBe('"Tea" time 5" long');
  });

  it("numbers lines after quoted fields holding line breaks", async () => {
    for (const eol of ["\n", "\r\n"]) {
      const file = text(["Date,Description,Amount", '2026-11-26,"Coffee', 'and cake",-4.50', '2026-11-27,"Tea', "", 'twice",-3.00', '2026-11-28,Bad,"3,4x"', ""].join(eol));
      expect(await failure(file, mapping)).toBe('Line 7: "3,4x" is not an amount in the Amount column.');
      const read = await lines(file.subarray(0, file.indexOf("2026-11-28")), mapping);
      expect(read.map((line) => line.where)).toEqual([{ line: 2 }, { line: 4 }]);
      expect(read[0]!.label).toBe(`Coffee${eol}and cake`);
    }
  });

  describe("refuses", () => {
    const cases: Array<[string, string, Partial<CsvMapping>, string, string]> = [
      ["a date that is not a date", "2026-11-26,Coffee,-4.50\n2026-13-01,Tea,-3.00\n", {}, "EUR", 'Line 3: "2026-13-01" is not a date (YYYY-MM-DD) in the Date column.'],
      ["a date not in the format", "2026-11-26,Coffee,-4.50\n26.11.2026,Tea,-3.00\n", {}, "EUR", 'Line 3: "26.11.2026" is not a date (YYYY-MM-DD) in the Date column.'],
      ["a missing date", "2026-11-26,Coffee,-4.50\n,Tea,-3.00\n", {}, "EUR", "Line 3: The Date column is empty; every row needs a date."],
      ["a bad amount", "2026-11-26,Coffee,-4.50\n2026-11-27,Tea,\"3,4x\"\n", {}, "EUR", 'Line 3: "3,4x" is not an amount in the Amount column.'],
      ["an amount in the other convention", "2026-11-26,Coffee,\"4,50\"\n", {}, "EUR", 'Line 2: "4,50" is not an amount in the Amount column.'],
      ["a missing amount", "2026-11-26,Coffee,\n", {}, "EUR", "Line 2: The Amount column is empty; every row needs an amount."],
      ["too many decimals", "2026-11-26,Coffee,-4.505\n", {}, "EUR", 'Line 2: "-4.505" in the Amount column has more decimals than EUR amounts have (2).'],
      ["decimals in KRW", "2026-11-26,Coffee,-4500.50\n", {}, "KRW", 'Line 2: "-4500.50" in the Amount column has more decimals than KRW amounts have (none).'],
      ["a huge amount", "2026-11-26,Coffee,12345678901234567\n", {}, "EUR", 'Line 2: "12345678901234567" in the Amount column is too large an amount.'],
      ["an unknown currency", "2026-11-26,Coffee,-4.50,XYZ\n", { currencyColumn: 3 }, "EUR", 'Line 2: "XYZ" is not a currency code in the Currency column.'],
      ["a row without debit or credit", "2026-11-26,Coffee,-4.50,\n2026-11-27,Tea,,\n", { amount: { kind: "debitCredit", debitColumn: 2, creditColumn: 3 } }, "EUR", "Line 3: The Amount column and the Currency column are both empty; every row needs an amount."],
      ["an unclosed quote", '2026-11-26,Coffee,-4.50\n2026-11-27,"Tea,-3.00\n2026-11-28,Cake,-2.00\n', {}, "EUR", 'Line 3: a quoted field is never closed (a " is missing).'],
    ];
    it.each(cases)("%s", async (_name, body, change, currency, message) => {
      expect(await failure(text(`Date,Description,Amount,Currency\n${body}`), { ...mapping, ...change }, currency)).toBe(message);
    });

    it("a broken quote, on the line its row starts", async () => {
      const file = text(["Date,Description,Amount", '2026-11-26,"Coffee', 'and cake",-4.50', "", "", '2026-11-27,"Tea,-3.00', "2026-11-28,Cake,-2.00", ""].join("\r\n"));
      expect(await failure(file, mapping)).toBe('Line 6: a quoted field is never closed (a " is missing).');
    });

    it("a row that never ends, before it fills memory", async () => {
      const rest = "2026-11-27,Tea,-3.00\n".repeat(60_000);
      expect(await failure(text(`Date,Description,Amount\n2026-11-26,"Coffee,-4.50\n${rest}`), mapping)).toBe(
        "Line 2: the row is longer than a million characters; is a quote not closed?",
      );
    });

    it("names a column by number when there is no header", async () => {
      expect(await failure(text("2026-11-26,Coffee,abc\n"), { ...mapping, hasHeader: false })).toBe('Line 1: "abc" is not an amount in column 3.');
    });

    it("in the reader's language, naming the line and the column", async () => {
      const file = text("Date,Description,Amount\n2026-11-26,Coffee,-4.50\n2026-13-01,Tea,-3.00\n");
      expect(await failure(file, mapping, "EUR", "ko")).toBe('3행: Date 열의 "2026-13-01"은(는) 날짜(YYYY-MM-DD)가 아닙니다.');
      expect(await failure(text("2026-11-26,Coffee,abc\n"), { ...mapping, hasHeader: false }, "EUR", "ko")).toBe('1행: 3번째 열의 "abc"은(는) 금액이 아닙니다.');
      expect(await failure(text("Date,Description,Amount\n2026-11-26,Coffee,-4500.50\n"), mapping, "KRW", "ko")).toBe(
        '2행: Amount 열의 "-4500.50"은(는) 소수 자릿수가 KRW 금액의 자릿수(없음)보다 많습니다.',
      );
    });

    it("counts the skipped lines in the line number", async () => {
      const file = text("Konto;1234\n\nDate;Description;Amount\n26.11.2026;Coffee;-4,50\n31.11.2026;Tea;-3,00\n");
      const map: CsvMapping = { ...mapping, delimiter: ";", skipRows: 2, dateFormat: "DD.MM.YYYY", decimalSeparator: ",", thousandsSeparator: "." };
      expect(await failure(file, map)).toBe('Line 5: "31.11.2026" is not a date (DD.MM.YYYY) in the Date column.');
    });

    it("a file that is not text", async () => {
      const utf16 = Buffer.from("Date,Description,Amount\n2026-11-26,Coffee,-4.50\n", "utf16le");
      expect(await failure(utf16, mapping)).toMatch(/not a text file/);
    });

    it("a file with no row after its header", async () => {
      expect(await failure(text("Date,Description,Amount\n\n,,\n"), mapping)).toBe("The file has no transaction rows after its header.");
      expect(await failure(text("Konto 1234\n"), { ...mapping, hasHeader: false, skipRows: 1 })).toBe("The file has no transaction rows.");
    });
  });

  it("stops reading the source when the reader stops early", async () => {
    let closed = false;
    let chunksRead = 0;
    // Far bigger than a stream's read-ahead (Node 22 raised the default buffer to 64 KB).
    const file = csvStatement(Array.from({ length: 20_000 }, (_, i) => row(`-${i}.00`, `Row ${i}`)));
    async function* source() {
      try {
        for await (const chunk of byteChunks(file, 256)) {
          chunksRead++;
          yield chunk;
        }
      } finally {
        closed = true;
      }
    }
    for await (const item of parseCsv(source(), mapping, "EUR")) {
      if (item.type === "line") break;
    }
    expect(closed).toBe(true);
    expect(chunksRead).toBeLessThan(file.length / 256 / 2);
  });

  it("passes the source's own failure through", async () => {
    async function* source() {
      yield text("Date,Description,Amount\n2026-11-26,Coffee,-4.50\n");
      throw new StatementFileError(message("StatementFiles.file.tooLarge", { megabytes: 50 }));
    }
    await expect(async () => {
      for await (const _item of parseCsv(source(), mapping, "EUR"));
    }).rejects.toThrow(new StatementFileError(message("StatementFiles.file.tooLarge", { megabytes: 50 })));
  });

  it("reads the same however the bytes are chunked", async () => {
    const file = csvStatement(
      Array.from({ length: 30 }, (_, i) => ({ date: "2026-11-26", amount: `-${i}.25`, label: `스타벅스 "${i}"`, partner: "Cafe, Ltd" })),
      { encoding: "cp949", lineEnding: "\r\n" },
    );
    const map: CsvMapping = { ...mapping, encoding: "cp949", partnerColumn: 2, amount: { kind: "signed", column: 3 } };
    const whole = await lines(file, map);
    expect(whole).toHaveLength(30);
    expect(whole[3]).toMatchObject({ label: '스타벅스 "3"', partnerName: "Cafe, Ltd", amountMinor: -325n, where: { line: 5 } });
    for (const size of [1, 3, 7, 1000]) expect(await lines(file, map, "EUR", size)).toEqual(whole);
  });
});
