import { asciiView, byteOrderMark } from "./xml-stream";
import { StatementFileError, type StatementFormat } from "./types";

const notStatement = "not a CSV, OFX or CAMT.053 file";

/** Files that are not text, by their first bytes: what they are, and what to do instead. */
const binaryKinds: Array<{ magic: number[]; what: string; hint: string }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], what: "a PDF document", hint: "Download the statement from the bank as CSV, OFX or CAMT.053 instead." },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: "an Excel 97-2003 workbook (or another Office document)", hint: "Export it as CSV from the spreadsheet, then import the CSV." },
  { magic: [0x1f, 0x8b], what: "a compressed (gzip) file", hint: "Extract the statement from it first." },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: "an image", hint: "Download the statement from the bank as CSV, OFX or CAMT.053 instead." },
  { magic: [0xff, 0xd8, 0xff], what: "an image", hint: "Download the statement from the bank as CSV, OFX or CAMT.053 instead." },
];

/**
 * Which format a statement file is, from its first bytes (a few KB): OFX by its header or `<OFX>`,
 * CAMT.053 by its namespace or `BkToCstmrStmt`, else a CSV. The file name's extension is only a
 * hint. Binary files, spreadsheets and other XML messages (camt.052, camt.054…) are refused with a
 * message saying what the file is.
 */
export function sniffFormat(head: Uint8Array, fileName: string): StatementFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const named = `“${fileName}”`;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const view = asciiView(head);
    if (["xlsx", "xlsm"].includes(extension) || view.includes("xl/") || view.includes("[Content_Types].xml")) {
      throw new StatementFileError(`${named} is an Excel workbook, ${notStatement}. Export it as CSV from the spreadsheet, then import the CSV.`);
    }
    throw new StatementFileError(`${named} is a ZIP archive, ${notStatement}. Extract the statement from it first.`);
  }
  const binary = binaryKinds.find((kind) => startsWith(head, kind.magic));
  if (binary) throw new StatementFileError(`${named} is ${binary.what}, ${notStatement}. ${binary.hint}`);

  const bom = byteOrderMark(head);
  const utf16 = bom === "utf-16le" || bom === "utf-16be";
  if (!utf16 && head.includes(0)) throw new StatementFileError(`${named} is ${notStatement}: it holds binary data.`);
  const text = (utf16 ? new TextDecoder(bom).decode(head) : asciiView(head)).replace(/^(\ufeff|\xef\xbb\xbf)/, "").trimStart();

  if (/^OFXHEADER\s*:/i.test(text) || /<\?OFX\b/i.test(text) || /<OFX>/i.test(text)) return "ofx";
  if (text.startsWith("<")) return xmlFormat(text, named);
  if (extension === "ofx" || extension === "qfx") throw new StatementFileError(`${named} is named like an OFX file but holds no OFX (no OFXHEADER or <OFX>).`);
  if (utf16) throw new StatementFileError(`${named} is UTF-16 text, which a CSV cannot be read in. Save it as UTF-8 CSV, then import it.`);
  return "csv";
}

function xmlFormat(text: string, named: string): StatementFormat {
  if (/camt\.053\./i.test(text) || /<([\w.-]+:)?BkToCstmrStmt\b/.test(text)) return "camt053";
  if (/^<(!doctype\s+html|html)\b/i.test(text)) {
    throw new StatementFileError(`${named} is a web page (HTML), ${notStatement}. Download the statement from the bank as CSV, OFX or CAMT.053.`);
  }
  const root = /<(?![?!])[^>]*>/.exec(text.replace(/<!--[\s\S]*?-->/g, ""))?.[0];
  const found = root ? ` (found ${root.length > 160 ? `${root.slice(0, 157)}…` : root})` : "";
  const message = /camt\.(052|054)\./i.exec(root ?? "")?.[1];
  const hint =
    message === "052"
      ? " A camt.052 is an intraday account report; ask the bank for the end-of-day statement (camt.053)."
      : message === "054"
        ? " A camt.054 is a debit/credit notification; ask the bank for the statement (camt.053)."
        : "";
  throw new StatementFileError(`This XML file is not a CAMT.053 statement${found}.${hint}`);
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}
