import { message } from "@/i18n/message";
import { isCurrencyCode } from "@/lib/money";
import { StatementFileError, whereValues, type ByteSource, type FileWhere, type StatementItem } from "../types";
import { addField, entryLines, type CamtEntry, type CamtTransaction } from "./entry";
import { decodeText, peekHead, readXml, xmlEncoding, type XmlVisitor } from "../xml-stream";

/**
 * Reads a CAMT.053 statement file (any camt.053.001.xx version: elements are matched by local
 * name, prefixes and namespaces ignored) as a stream: one `statement` item per Stmt, then its
 * entries' lines. Only the entry being read is held, so a file of any size reads in flat memory.
 */
export async function* parseCamt053(source: ByteSource): AsyncGenerator<StatementItem> {
  const { head, bytes } = await peekHead(source, 1024);
  const reader = new CamtReader();
  yield* readXml(decodeText(bytes, xmlEncoding(head)), reader, (line, reason) => message("StatementFiles.xml.camtMalformed", { line, reason }));
  if (reader.statements === 0) throw new StatementFileError(message("StatementFiles.xml.noCamtStatement"));
}

/** A Stmt's header as read so far; sent before its first entry, or at its end when it has none. */
type StatementHeader = { where: FileWhere; depth: number; iban?: string; other?: string; currency?: string; balanceCurrency?: string; sent: boolean };

class CamtReader implements XmlVisitor<StatementItem> {
  readonly ready: StatementItem[] = [];
  statements = 0;
  private entries = 0;
  private readonly path: string[] = [];
  private statement: StatementHeader | null = null;
  private statementCurrency: string | null = null;
  private entry: (CamtEntry & { depth: number }) | null = null;
  private tx: (CamtTransaction & { depth: number }) | null = null;

  open(name: string, attributes: Readonly<Record<string, string>>, line: number): void {
    const parent = this.path.at(-1);
    this.path.push(name);
    const depth = this.path.length;
    if (this.entry) {
      if (name === "TxDtls" && !this.tx) {
        this.tx = { line, path: this.relative(this.entry.depth), fields: new Map(), depth };
        this.entry.transactions.push(this.tx);
        return;
      }
      const anchor = this.tx ?? this.entry;
      for (const [attribute, value] of Object.entries(attributes)) {
        if (!attribute.startsWith("xmlns")) addField(anchor.fields, `${this.relative(anchor.depth)}@${attribute}`, value);
      }
    } else if (this.statement) {
      if (name === "Ntry" && depth === this.statement.depth + 1) {
        this.sendStatement(this.statement);
        this.entries += 1;
        this.entry = { number: this.entries, line, fields: new Map(), transactions: [], depth };
      } else if (name === "Amt" && this.relative(this.statement.depth) === "Bal/Amt") {
        this.statement.balanceCurrency ??= attributes.Ccy;
      }
    } else if (name === "Stmt" && parent === "BkToCstmrStmt") {
      this.statements += 1;
      this.statement = { where: { element: `Stmt ${this.statements}`, line }, depth, sent: false };
    }
  }

  close(_name: string, text: string | null): void {
    const depth = this.path.length;
    if (this.tx && depth === this.tx.depth) {
      this.tx = null;
    } else if (this.entry && depth === this.entry.depth) {
      this.ready.push(...entryLines(this.entry, this.statementCurrency));
      this.entry = null;
    } else if (this.statement && depth === this.statement.depth) {
      this.sendStatement(this.statement);
      this.statement = null;
    } else if (text !== null && text !== "") {
      this.leaf(text);
    }
    this.path.pop();
  }

  private leaf(text: string): void {
    if (this.tx) return addField(this.tx.fields, this.relative(this.tx.depth), text);
    if (this.entry) return addField(this.entry.fields, this.relative(this.entry.depth), text);
    if (!this.statement) return;
    const path = this.relative(this.statement.depth);
    if (path === "Acct/Id/IBAN") this.statement.iban = text;
    else if (path === "Acct/Id/Othr/Id") this.statement.other = text;
    else if (path === "Acct/Ccy") this.statement.currency = text;
  }

  /** The path of the current element below the element at `depth` ("Acct/Id/IBAN" below Stmt). */
  private relative(depth: number): string {
    return this.path.slice(depth).join("/");
  }

  private sendStatement(statement: StatementHeader): void {
    if (statement.sent) return;
    statement.sent = true;
    const currency = statement.currency ?? statement.balanceCurrency ?? null;
    if (currency !== null && !isCurrencyCode(currency)) {
      throw new StatementFileError(message("StatementFiles.xml.notCurrency", { ...whereValues(statement.where), field: "Ccy", text: currency }));
    }
    this.statementCurrency = currency;
    this.ready.push({ type: "statement", accountNumber: statement.iban ?? statement.other ?? null, currency, where: statement.where });
  }
}
