import { message, type MessageKey } from "@/i18n/message";
import { asciiView, byteOrderMark } from "./xml-stream";
import { StatementFileError, type StatementFormat } from "./types";

/** Files that are not text, by their first bytes: the message that says what they are and what to do instead. */
const binaryKinds: Array<{ magic: number[]; says: MessageKey }> = [
  { magic: [0x25, 0x50, 0x44, 0x46], says: "StatementFiles.sniff.pdf" },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], says: "StatementFiles.sniff.oldOffice" },
  { magic: [0x1f, 0x8b], says: "StatementFiles.sniff.gzip" },
  { magic: [0x89, 0x50, 0x4e, 0x47], says: "StatementFiles.sniff.image" },
  { magic: [0xff, 0xd8, 0xff], says: "StatementFiles.sniff.image" },
];

/**
 * Which format a statement file is, from its first bytes (a few KB): OFX by its header or `<OFX>`,
 * CAMT.053 by its namespace or `BkToCstmrStmt`, else a CSV. The file name's extension is only a
 * hint. Binary files, spreadsheets and other XML messages (camt.052, camt.054…) are refused with a
 * message saying what the file is.
 */
export function sniffFormat(head: Uint8Array, fileName: string): StatementFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const refuse = (key: MessageKey) => new StatementFileError(message(key, { file: fileName }));
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const view = asciiView(head);
    if (["xlsx", "xlsm"].includes(extension) || view.includes("xl/") || view.includes("[Content_Types].xml")) throw refuse("StatementFiles.sniff.excel");
    throw refuse("StatementFiles.sniff.zip");
  }
  const binary = binaryKinds.find((kind) => startsWith(head, kind.magic));
  if (binary) throw refuse(binary.says);

  const bom = byteOrderMark(head);
  const utf16 = bom === "utf-16le" || bom === "utf-16be";
  if (!utf16 && head.includes(0)) throw refuse("StatementFiles.sniff.binary");
  const text = (utf16 ? new TextDecoder(bom).decode(head) : asciiView(head)).replace(/^(\ufeff|\xef\xbb\xbf)/, "").trimStart();

  if (/^OFXHEADER\s*:/i.test(text) || /<\?OFX\b/i.test(text) || /<OFX>/i.test(text)) return "ofx";
  if (text.startsWith("<")) return xmlFormat(text, refuse);
  // The tag is a value: a catalog text cannot hold "<OFX>", which ICU would read as markup.
  if (extension === "ofx" || extension === "qfx") throw new StatementFileError(message("StatementFiles.sniff.namedOfx", { file: fileName, ofxTag: "<OFX>" }));
  if (utf16) throw refuse("StatementFiles.sniff.utf16");
  return "csv";
}

function xmlFormat(text: string, refuse: (key: MessageKey) => StatementFileError): StatementFormat {
  if (/camt\.053\./i.test(text) || /<([\w.-]+:)?BkToCstmrStmt\b/.test(text)) return "camt053";
  if (/^<(!doctype\s+html|html)\b/i.test(text)) throw refuse("StatementFiles.sniff.html");
  const root = /<(?![?!])[^>]*>/.exec(text.replace(/<!--[\s\S]*?-->/g, ""))?.[0];
  if (!root) throw new StatementFileError(message("StatementFiles.sniff.notCamtNoRoot"));
  const found = root.length > 160 ? `${root.slice(0, 157)}…` : root;
  const kind = /camt\.(052|054)\./i.exec(root)?.[1];
  // A camt.052 is an intraday report, a camt.054 a notification: the message says what to ask the bank for instead.
  const key = kind === "052" ? "StatementFiles.sniff.camt052" : kind === "054" ? "StatementFiles.sniff.camt054" : "StatementFiles.sniff.notCamt";
  throw new StatementFileError(message(key, { root: found }));
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}
