import { message } from "@/i18n/message";
import { isCurrencyCode } from "@/lib/money";
import { asciiView, byteOrderMark, decodeText, peekHead, readXml, xmlEncoding, type XmlVisitor } from "../xml-stream";
import { StatementFileError, whereValues, type ByteSource, type FileWhere, type StatementItem } from "../types";
import { SgmlToXml } from "./sgml";
import { transactionLine, type OfxFields } from "./transaction";

/**
 * Reads an OFX (or QFX) file as a stream: OFX 1.x SGML through the SGML→XML normalizer, OFX 2.x
 * XML as is. Each bank (STMTRS) or credit-card (CCSTMTRS) statement gives a `statement` item, then
 * one line per STMTTRN. Elements the parser does not know (Quicken's INTU.BID…) are ignored.
 */
export async function* parseOfx(source: ByteSource): AsyncGenerator<StatementItem> {
  const { head, bytes } = await peekHead(source, 4096);
  const { sgml, encoding } = ofxLayout(head);
  const text = decodeText(bytes, encoding);
  const reader = new OfxReader();
  yield* readXml(sgml ? normalized(text) : text, reader, (line, reason) => message("StatementFiles.xml.ofxMalformed", { line, reason: reason.replace(/\.$/, "") }));
  if (reader.statements === 0) throw new StatementFileError(message("StatementFiles.xml.noOfxStatement"));
}

/**
 * Whether the file is OFX 1.x SGML (an `OFXHEADER:100` block, or a bare `<OFX>`) or 2.x XML, and
 * its encoding: the 1.x header's CHARSET (1252, ISO-8859-1), else UTF-8; for XML its declaration.
 */
export function ofxLayout(head: Uint8Array): { sgml: boolean; encoding: string } {
  const bom = byteOrderMark(head);
  const text = asciiView(head).replace(/^\xef\xbb\xbf/, "").trimStart();
  if (/^<\?(xml|OFX)\b/i.test(text)) return { sgml: false, encoding: xmlEncoding(head) };
  if (bom || !/^OFXHEADER\s*:/i.test(text)) return { sgml: true, encoding: bom ?? "utf-8" };
  const header = text.slice(0, text.indexOf("<") === -1 ? text.length : text.indexOf("<"));
  const charset = /\bCHARSET\s*:\s*([\w-]+)/i.exec(header)?.[1]?.toUpperCase() ?? "NONE";
  if (/^(1252|WINDOWS-1252|CP1252)$/.test(charset)) return { sgml: true, encoding: "windows-1252" };
  const latin = /^(?:ISO-?)?8859-(\d+)$/.exec(charset);
  if (latin) return { sgml: true, encoding: `iso-8859-${latin[1]}` };
  return { sgml: true, encoding: "utf-8" };
}

async function* normalized(text: AsyncIterable<string>): AsyncGenerator<string> {
  const normalizer = new SgmlToXml();
  for await (const chunk of text) {
    const xml = normalizer.push(chunk);
    if (xml !== "") yield xml;
  }
  const rest = normalizer.end();
  if (rest !== "") yield rest;
}

type OpenStatement = { where: FileWhere; depth: number; account?: string; currency?: string; sent: boolean };
type OpenTransaction = { where: FileWhere; depth: number; fields: OfxFields };

class OfxReader implements XmlVisitor<StatementItem> {
  readonly ready: StatementItem[] = [];
  statements = 0;
  private transactions = 0;
  private readonly path: string[] = [];
  private statement: OpenStatement | null = null;
  private transaction: OpenTransaction | null = null;

  open(tag: string, _attributes: Readonly<Record<string, string>>, line: number): void {
    const name = tag.toUpperCase();
    this.path.push(name);
    if (this.transaction) return;
    if (this.statement) {
      if (name !== "STMTTRN") return;
      this.transactions += 1;
      const where = { element: `STMTTRN ${this.transactions}`, line };
      if (this.statement.currency === undefined) {
        throw new StatementFileError(message("StatementFiles.xml.currencyFirst", whereValues(where)));
      }
      this.send(this.statement);
      this.transaction = { where, depth: this.path.length, fields: new Map() };
    } else if (name === "STMTRS" || name === "CCSTMTRS") {
      this.statements += 1;
      this.statement = { where: { element: `${name} ${this.statements}`, line }, depth: this.path.length, sent: false };
    }
  }

  close(_tag: string, text: string | null): void {
    const depth = this.path.length;
    if (this.transaction && depth === this.transaction.depth) {
      this.ready.push(transactionLine(this.transaction.fields, this.statement!.currency!, this.transaction.where));
      this.transaction = null;
    } else if (this.statement && depth === this.statement.depth) {
      this.send(this.statement);
      this.statement = null;
    } else if (text !== null && text !== "") {
      this.leaf(text);
    }
    this.path.pop();
  }

  private leaf(text: string): void {
    if (this.transaction) {
      const path = this.path.slice(this.transaction.depth).join("/");
      if (!this.transaction.fields.has(path)) this.transaction.fields.set(path, text);
      return;
    }
    if (!this.statement) return;
    const path = this.path.slice(this.statement.depth).join("/");
    if (path === "CURDEF") {
      const currency = text.toUpperCase();
      if (!isCurrencyCode(currency)) throw new StatementFileError(message("StatementFiles.xml.notCurrency", { ...whereValues(this.statement.where), field: "CURDEF", text }));
      this.statement.currency = currency;
    } else if (path === "BANKACCTFROM/ACCTID" || path === "CCACCTFROM/ACCTID") {
      this.statement.account = text;
    }
  }

  private send(statement: OpenStatement): void {
    if (statement.sent) return;
    statement.sent = true;
    this.ready.push({ type: "statement", accountNumber: statement.account ?? null, currency: statement.currency ?? null, where: statement.where });
  }
}
