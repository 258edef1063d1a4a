import v8 from "node:v8";
import vm from "node:vm";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { camtEntries, camtStatement, type CamtStatementSpec } from "@/test/files/camt";
import { byteChunks, parseAll, parseFailure } from "@/test/files/bytes";
import { say } from "@/test/i18n";
import { StatementFileError, type FileLine, type StatementItem } from "../types";
import { parseCamt053 } from "./parse";

const read = (file: string | Uint8Array, size?: number) => parseAll(parseCamt053, file, size);
const failure = (file: string) => parseFailure(parseCamt053, file);

/** The 1-based line of the `nth` occurrence of `needle`. */
function lineOf(file: string, needle: string, nth = 1): number {
  let at = -1;
  for (let n = 0; n < nth; n += 1) at = file.indexOf(needle, at + 1);
  return file.slice(0, at).split("\n").length;
}

const lines = (items: StatementItem[]) => items.filter((item): item is FileLine => item.type === "line");

const statement: CamtStatementSpec = {
  iban: "BE68539007547034",
  currency: "EUR",
  entries: [
    { ref: "E1", date: "2024-01-05", amount: "-12.50", name: "Café de Flore", iban: "FR7630006000011234567890189", text: "Lunch" },
    { ref: "E2", date: "2024-01-06", amount: "1500.00", name: "ACME NV", iban: "BE71096123456769", text: "Salary January" },
    { ref: "E3", date: "2024-01-07", amount: "-99.99", status: "PDNG", info: "Card payment pending" },
    {
      ref: "E4",
      date: "2024-01-08",
      amount: "-60.00",
      info: "Batch of 3",
      batch: [
        { ref: "T1", amount: "-10.00", name: "Alice", iban: "DE89370400440532013000", text: "Invoice 1" },
        { ref: "T2", amount: "-20.00", name: "Bob", text: "Invoice 2" },
        { amount: "-30.00", name: "Carol", text: "Invoice 3" },
      ],
    },
  ],
};

describe("parseCamt053", () => {
  it.each(["02", "08"] as const)("reads a camt.053.001.%s statement: header, then its lines", async (version) => {
    const file = camtStatement({ statements: [statement], version });
    const items = await read(file);
    expect(items[0]).toEqual({ type: "statement", accountNumber: "BE68539007547034", currency: "EUR", where: { element: "Stmt 1", line: lineOf(file, "<Stmt>") } });
    expect(lines(items).map((l) => [l.bankId, l.date, l.amountMinor, l.currency, l.label, l.partnerName, l.counterpartAccount, l.status])).toEqual([
      ["E1", "2024-01-05", -1250n, "EUR", "Lunch", "Café de Flore", "FR7630006000011234567890189", "posted"],
      ["E2", "2024-01-06", 150000n, "EUR", "Salary January", "ACME NV", "BE71096123456769", "posted"],
      ["E3", "2024-01-07", -9999n, "EUR", "Card payment pending", null, null, "pending"],
      ["T1", "2024-01-08", -1000n, "EUR", "Invoice 1", "Alice", "DE89370400440532013000", "posted"],
      ["T2", "2024-01-08", -2000n, "EUR", "Invoice 2", "Bob", null, "posted"],
      ["E4/3", "2024-01-08", -3000n, "EUR", "Invoice 3", "Carol", null, "posted"],
    ]);
    const first = lines(items)[0]!;
    expect(first.where).toEqual({ element: "Ntry 1", line: lineOf(file, "<Ntry>") });
    expect(first.raw).toMatchObject({ Amt: "12.50", "Amt@Ccy": "EUR", CdtDbtInd: "DBIT", AcctSvcrRef: "E1", "NtryDtls/TxDtls/RmtInf/Ustrd": "Lunch" });
    expect(lines(items)[3]!.where).toEqual({ element: "Ntry 4, TxDtls 1", line: lineOf(file, "<TxDtls>", 3) });
  });

  it("reads several statements, each before its own lines", async () => {
    const other: CamtStatementSpec = { iban: "NL91ABNA0417164300", currency: "USD", entries: [{ ref: "U1", date: "2024-01-09", amount: "5.00" }] };
    const items = await read(camtStatement({ statements: [statement, other] }));
    expect(items.map((item) => (item.type === "statement" ? item.accountNumber : item.bankId))).toEqual(["BE68539007547034", "E1", "E2", "E3", "T1", "T2", "E4/3", "NL91ABNA0417164300", "U1"]);
    expect(items.at(-1)).toMatchObject({ currency: "USD", amountMinor: 500n });
  });

  it("reads a reversal in its own direction, the reversed payment's creditor as counterpart", async () => {
    const file = camtStatement({ statements: [{ ...statement, entries: [{ ref: "R1", date: "2024-01-10", amount: "12.50", reversal: true, name: "Café de Flore", text: "Return" }] }] });
    expect(file).toContain("<RvslInd>true</RvslInd>");
    expect(lines(await read(file))).toEqual([expect.objectContaining({ amountMinor: 1250n, partnerName: "Café de Flore", raw: expect.objectContaining({ RvslInd: "true" }) })]);
  });

  it("skips INFO entries and takes the currency of the first balance when the account has none", async () => {
    const file = camtStatement({ statements: [statement] })
      .replace("<Ccy>EUR</Ccy>", "")
      .replace("<Sts><Cd>PDNG</Cd></Sts>", "<Sts><Cd>INFO</Cd></Sts>");
    const items = await read(file);
    expect(items[0]).toMatchObject({ currency: "EUR" });
    expect(lines(items).map((l) => l.bankId)).toEqual(["E1", "E2", "T1", "T2", "E4/3"]);
  });

  it("matches elements whatever their namespace prefix, and reads an ISO-8859-1 file", async () => {
    const file = camtStatement({ statements: [statement], version: "02" })
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace(/<(\/?)(?=[A-Z])/g, "<$1c:")
      .replace("xmlns=", "xmlns:c=");
    expect(file).toContain("<c:Ntry>");
    expect(await read(iconv.encode(file, "latin1"))).toEqual(await read(camtStatement({ statements: [statement], version: "02" })));
  });

  it("reads a UTF-16 file by its byte-order mark", async () => {
    const file = camtStatement({ statements: [statement] });
    expect(await read(Buffer.from(`\ufeff${file}`, "utf16le"), 7)).toEqual(await read(file));
  });

  it("gives the same items fed one byte at a time", async () => {
    const file = Buffer.from(camtStatement({ statements: [statement], version: "08" }));
    expect(await read(file, 1)).toEqual(await read(file));
  });

  it.each([
    ["an amount that is not one", (f: string) => f.replace(">12.50<", ">1O.00<"), (f: string) => `Ntry 1 (line ${lineOf(f, "<Ntry>")}): Amt "1O.00" is not an amount.`],
    ["a missing CdtDbtInd", (f: string) => f.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>", "<Sts>"), (f: string) => `Ntry 2 (line ${lineOf(f, "<Ntry>", 2)}): CdtDbtInd is missing.`],
    ["a bad date", (f: string) => f.replace("<BookgDt><Dt>2024-01-06", "<BookgDt><Dt>2024-1-6"), (f: string) => `Ntry 2 (line ${lineOf(f, "<Ntry>", 2)}): BookgDt/Dt "2024-1-6" is not a date.`],
    ["an XML syntax error", (f: string) => f.replace("</AcctSvcrRef>", "</AcctSvcrRf>"), (f: string) => `Line ${lineOf(f, "</AcctSvcrRf>")}: the XML is not well-formed: unexpected close tag.`],
    ["a file with no Stmt", (f: string) => f.replace(/<Stmt>[\s\S]*<\/Stmt>/, ""), () => "There is no statement (Stmt) in this CAMT.053 file."],
    ["a control character", (f: string) => f.replace("Lunch", "Lunch\u0001"), (f: string) => `Line ${lineOf(f, "Lunch")}: the XML is not well-formed: disallowed character.`],
  ])("refuses %s, naming the element and line", async (_case, corrupt, message) => {
    const file = corrupt(camtStatement({ statements: [statement], version: "02" }));
    expect(await failure(file)).toBe(message(file));
  });

  it("refuses bytes that are not UTF-8, naming the line", async () => {
    const file = camtStatement({ statements: [statement] });
    const error = await (async () => {
      for await (const _item of parseCamt053(byteChunks(iconv.encode(file, "latin1")))) void _item;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementFileError);
    expect(say((error as StatementFileError).userMessage)).toBe(`Line ${lineOf(file, "Café")}: the file is not valid UTF-8 text.`);
    expect(say((error as StatementFileError).userMessage, "ko")).toBe(`${lineOf(file, "Café")}행: 올바른 UTF-8 텍스트가 아닙니다.`);
  });

  it("reads a 100,000-entry file streamed, holding only a few MB whatever its size", async () => {
    v8.setFlagsFromString("--expose-gc");
    const collectGarbage = vm.runInNewContext("gc") as () => void;
    const count = 100_000;
    let bytes = 0;
    async function* measured(): AsyncGenerator<Uint8Array> {
      for await (const chunk of camtEntries(count, { iban: "BE68539007547034", currency: "EUR", seed: 7 })) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    }
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let retained = 0;
    let lineCount = 0;
    let total = 0n;
    for await (const item of parseCamt053(measured())) {
      if (item.type !== "line") continue;
      lineCount += 1;
      total += item.amountMinor;
      if (lineCount % 10_000 === 0) {
        collectGarbage();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before);
      }
    }
    expect(lineCount).toBe(count + (count / 10) * 2);
    expect(total).not.toBe(0n);
    expect(bytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(retained).toBeLessThan(16 * 1024 * 1024);
  });
});
