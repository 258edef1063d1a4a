import { describe, expect, it } from "vitest";
import { camtStatement } from "@/test/files/camt";
import { ofxStatement } from "@/test/files/ofx";
import { say } from "@/test/i18n";
import { sniffFormat } from "./sniff";
import { StatementFileError, type StatementFormat } from "./types";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const ofx1 = ofxStatement({ version: "1", accountId: "1", currency: "EUR", transactions: [] });
const ofx2 = ofxStatement({ version: "2", accountId: "1", currency: "EUR", transactions: [] });
const camt = camtStatement({ statements: [{ iban: "BE68539007547034", currency: "EUR", entries: [] }] });

function refusal(head: Uint8Array, fileName: string, language: "en" | "ko" = "en"): string {
  try {
    sniffFormat(head, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementFileError);
    return say((error as StatementFileError).userMessage, language);
  }
  throw new Error("sniffFormat accepted the file");
}

describe("sniffFormat", () => {
  it.each<[string, string, string, StatementFormat, BufferEncoding?]>([
    ["OFX 1.x", ofx1, "export.txt", "ofx"],
    ["OFX 2.x", ofx2, "export.xml", "ofx"],
    ["a bare <OFX> with a byte-order mark", "\ufeff\n<OFX>\n<SIGNONMSGSRSV1>", "bank.qfx", "ofx"],
    ["CAMT.053 by namespace", camt, "statement.xml", "camt053"],
    ["CAMT.053 with a prefix and no namespace version in the head", '<?xml version="1.0"?>\n<s:Document xmlns:s="urn:x"><s:BkToCstmrStmt>', "a.xml", "camt053"],
    ["a CSV", "Date;Amount;Label\n2024-01-05;-12,50;Café\n", "export.ofx.csv", "csv"],
    ["a CSV named .xml", "date,amount\n2024-01-05,1.00\n", "export.xml", "csv"],
    ["UTF-16 CAMT.053", `\ufeff${camt}`, "statement.xml", "camt053", "utf16le"],
  ])("finds %s", (_case, text, fileName, format, encoding) => {
    expect(sniffFormat(new Uint8Array(Buffer.from(text, encoding ?? "utf8")).subarray(0, 4096), fileName)).toBe(format);
  });

  it("names the message an XML file is when it is not CAMT.053", () => {
    const camt052 = camt.replaceAll("camt.053.001.08", "camt.052.001.08").replaceAll("BkToCstmrStmt", "BkToCstmrAcctRpt");
    expect(refusal(bytes(camt052), "report.xml")).toBe(
      'This XML file is not a CAMT.053 statement (found <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">). ' +
        "A camt.052 is an intraday account report; ask the bank for the end-of-day statement (camt.053).",
    );
    const camt054 = camt.replaceAll("camt.053.001.08", "camt.054.001.08").replaceAll("BkToCstmrStmt", "BkToCstmrDbtCdtNtfctn");
    expect(refusal(bytes(camt054), "notification.xml")).toMatch(/camt\.054\.001\.08.*A camt\.054 is a debit\/credit notification/);
    expect(refusal(bytes('<?xml version="1.0"?>\n<!-- invoice -->\n<Invoice id="1"><Total>3</Total></Invoice>'), "x.xml")).toBe(
      'This XML file is not a CAMT.053 statement (found <Invoice id="1">).',
    );
  });

  it.each([
    ["an XLSX workbook", [0x50, 0x4b, 0x03, 0x04, ...Buffer.from("\x14\x00\x06\x00[Content_Types].xml")], "statement.xlsx", /is an Excel workbook, not a CSV, OFX or CAMT\.053 file\. Export it as CSV from the spreadsheet/],
    ["a ZIP archive", [0x50, 0x4b, 0x03, 0x04, ...Buffer.from("\x14\x00\x00\x00statement.csv")], "files.zip", /is a ZIP archive, not a CSV, OFX or CAMT\.053 file/],
    ["a PDF", [...Buffer.from("%PDF-1.7\n")], "statement.pdf", /“statement\.pdf” is a PDF document, not a CSV, OFX or CAMT\.053 file/],
    ["an old XLS", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "statement.xls", /Excel 97-2003 workbook.*Export it as CSV/],
    ["binary data", [0x01, 0x02, 0x00, 0x41], "statement.csv", /is not a CSV, OFX or CAMT\.053 file: it holds binary data/],
    ["an HTML page", [...Buffer.from("<!DOCTYPE html><html><table>")], "export.xls", /is a web page \(HTML\)/],
    ["an .ofx without OFX", [...Buffer.from("hello")], "bank.ofx", /is named like an OFX file but holds no OFX/],
  ])("refuses %s", (_case, head, fileName, message) => {
    expect(refusal(new Uint8Array(head), fileName)).toMatch(message);
  });

  it("says what the file is in the reader's language", () => {
    expect(refusal(new Uint8Array(Buffer.from("%PDF-1.7\n")), "statement.pdf", "ko")).toBe(
      "“statement.pdf”은(는) PDF 문서이며 CSV, OFX 또는 CAMT.053 파일이 아닙니다. 은행에서 명세서를 CSV, OFX 또는 CAMT.053 형식으로 내려받으세요.",
    );
    expect(refusal(bytes("hello"), "bank.ofx")).toBe("“bank.ofx” is named like an OFX file but holds no OFX (no OFXHEADER or <OFX>).");
  });
});
