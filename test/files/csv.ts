import iconv from "iconv-lite";
import { mulberry32 } from "./bytes";
import type { CsvDateFormat, CsvDelimiter, CsvEncoding, CsvMapping } from "@/lib/banksync/statement-files/csv/mapping";

/** One transaction of a generated CSV: an ISO date and a plain decimal amount ("-1234.5"), written in the chosen layout. */
export type CsvTestRow = { date: string; amount: string; label: string; partner?: string; reference?: string; account?: string; currency?: string };

/** How a generated CSV is laid out, like one bank's export or another's. */
export type CsvLayout = {
  delimiter?: CsvDelimiter;
  dateFormat?: CsvDateFormat;
  /** Written after each date, e.g. "14:05:00". */
  time?: string;
  decimal?: "." | ",";
  thousands?: "" | "," | "." | " " | "'";
  /** Digits after the decimal mark; 2 by default, 0 for KRW or JPY. */
  decimals?: number;
  /** How a negative amount is written: "-12.50" (default), "(12.50)" or "12.50-". */
  negative?: "leading" | "parentheses" | "trailing";
  /** Two columns, withdrawals then deposits, instead of one signed amount. */
  debitCredit?: boolean;
  /** The header row: true for English names (default), false for none, or the names in column order. */
  header?: boolean | string[];
  /** Lines before the header: an account summary. */
  preamble?: string[];
  encoding?: CsvEncoding;
  lineEnding?: "\n" | "\r\n";
};

/**
 * A bank-export-like CSV of `rows`, encoded. Columns: Date, Description, then Partner, Reference,
 * Account when any row has one, the amount (or Debit, Credit), and Currency when any row has one.
 */
export function csvStatement(rows: CsvTestRow[], layout: CsvLayout = {}): Buffer {
  const delimiter = layout.delimiter ?? ",";
  const optional = (["partner", "reference", "account"] as const).filter((key) => rows.some((row) => row[key] !== undefined));
  const withCurrency = rows.some((row) => row.currency !== undefined);
  const names = ["Date", "Description", ...optional.map((key) => key[0]!.toUpperCase() + key.slice(1)), ...(layout.debitCredit ? ["Debit", "Credit"] : ["Amount"]), ...(withCurrency ? ["Currency"] : [])];
  const lines = [...(layout.preamble ?? [])];
  if (layout.header !== false) lines.push(line(Array.isArray(layout.header) ? layout.header : names, delimiter));
  for (const row of rows) {
    const date = formatDate(row.date, layout.dateFormat ?? "YYYY-MM-DD") + (layout.time ? ` ${layout.time}` : "");
    const negative = row.amount.trim().startsWith("-");
    const amounts = layout.debitCredit
      ? [negative ? formatAmount(row.amount.replace("-", ""), layout) : "", negative ? "" : formatAmount(row.amount, layout)]
      : [formatAmount(row.amount, layout)];
    const cells = [date, row.label, ...optional.map((key) => row[key] ?? ""), ...amounts, ...(withCurrency ? [row.currency ?? ""] : [])];
    lines.push(line(cells, delimiter));
  }
  const eol = layout.lineEnding ?? "\n";
  return encodeText(lines.join(eol) + eol, layout.encoding ?? "utf-8");
}

/** Text in an encoding as a bank would write it ("utf-8-bom" starts with the byte-order mark). */
export function encodeText(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === "utf-8-bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  const codec = { "utf-8": "utf8", latin1: "windows-1252", "euc-kr": "euc-kr", cp949: "cp949" }[encoding];
  return iconv.encode(text, codec);
}

/** How csvLines's columns read: Date, Description, Partner, Account, Reference, Amount. */
export const csvLinesMapping: CsvMapping = {
  encoding: "utf-8",
  delimiter: ",",
  skipRows: 0,
  hasHeader: true,
  dateColumn: 0,
  dateFormat: "YYYY-MM-DD",
  amount: { kind: "signed", column: 5 },
  decimalSeparator: ".",
  thousandsSeparator: "",
  labelColumn: 1,
  partnerColumn: 2,
  referenceColumn: 4,
  accountColumn: 3,
  currencyColumn: null,
};

export type CsvLinesOptions = {
  seed?: number;
  /** The newest date (YYYY-MM-DD); dates spread over the two years before it. Today (UTC) by default. */
  until?: string;
  /** Bytes per yielded chunk, about. */
  chunkBytes?: number;
};

const labels = ["Card payment REWE Markt", "SEPA transfer rent", "Direct debit Telekom", "Salary ACME GmbH", "Card payment Starbucks", "ATM withdrawal", "Refund Amazon EU", "Insurance premium"];
const partners = ["REWE Markt GmbH", "Hausverwaltung Meyer", "Telekom Deutschland", "ACME GmbH", "Starbucks Coffee", "", "Amazon EU S.a.r.l.", "Allianz Versicherung"];

/**
 * A large CSV (header "Date,Description,Partner,Account,Reference,Amount", then `count` rows of
 * about 100 bytes: 500,000 rows make a file just under the 50 MB limit), yielded in chunks. Deterministic for a seed and `until`:
 * dates over the two years before `until`, amounts with cents, unique references.
 */
export async function* csvLines(count: number, options: CsvLinesOptions = {}): AsyncGenerator<Buffer> {
  const random = mulberry32(options.seed ?? 1);
  const until = Date.parse(`${options.until ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let chunk = "Date,Description,Partner,Account,Reference,Amount\n";
  for (let i = 0; i < count; i++) {
    const pick = Math.floor(random() * labels.length);
    const date = new Date(until - Math.floor(random() * 730) * 86_400_000).toISOString().slice(0, 10);
    const cents = Math.floor(random() * 500_000) + 1;
    const amount = `${pick === 3 || pick === 6 ? "" : "-"}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
    const account = `DE${String(Math.floor(random() * 1e10)).padStart(10, "0")}${String(pick * 1_234_567_891).padStart(10, "0")}`;
    chunk += `${date},${labels[pick]} ${i % 9973},${partners[pick]},${account},REF${String(i).padStart(9, "0")},${amount}\n`;
    if (chunk.length >= chunkBytes) {
      yield Buffer.from(chunk, "utf8");
      chunk = "";
    }
  }
  if (chunk !== "") yield Buffer.from(chunk, "utf8");
}

function line(cells: string[], delimiter: string): string {
  return cells.map((cell) => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter);
}

function formatDate(iso: string, format: CsvDateFormat): string {
  const [year = "", month = "", day = ""] = iso.split("-");
  return format.replace("YYYY", year).replace("YY", year.slice(2)).replace("MM", month).replace("DD", day);
}

function formatAmount(decimal: string, layout: CsvLayout): string {
  const negative = decimal.trim().startsWith("-");
  const [whole = "0", fraction = ""] = decimal.trim().replace(/^[+-]/, "").split(".");
  const decimals = layout.decimals ?? 2;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, layout.thousands ?? "");
  const text = decimals === 0 ? grouped : `${grouped}${layout.decimal ?? "."}${fraction.padEnd(decimals, "0")}`;
  if (!negative) return text;
  if (layout.negative === "parentheses") return `(${text})`;
  return layout.negative === "trailing" ? `${text}-` : `-${text}`;
}
