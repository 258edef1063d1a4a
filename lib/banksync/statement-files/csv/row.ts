import { message, type MessageKey, type MessageValues } from "@/i18n/message";
import { isCurrencyCode, minorDigits } from "@/lib/money";
import { StatementFileError, type FileLine } from "../types";
import { parseAmountCell } from "./amounts";
import { parseCsvDate } from "./dates";
import type { CsvMapping } from "./mapping";

/** The names a CSV's columns go by in messages and in a line's raw fields: the header's, else "column N". */
export class CsvColumns {
  private readonly names: string[];

  constructor(header: string[] | null) {
    const seen = new Set<string>();
    this.names = (header ?? []).map((cell, i) => {
      const name = cell.trim() === "" || seen.has(cell.trim()) ? `column ${i + 1}` : cell.trim();
      seen.add(name);
      return name;
    });
  }

  name(column: number): string {
    return this.names[column] ?? `column ${column + 1}`;
  }

  /**
   * A column as a message names it ("the Betrag column", or "column 5" when the file has no header
   * for it): `{prefix}Named` says which, `{prefix}` is the header's name, `{prefix}Number` its number.
   */
  describe(column: number, prefix = "column"): MessageValues {
    const name = this.names[column];
    const named = name !== undefined && name !== `column ${column + 1}`;
    const numberKey = prefix === "column" ? "number" : `${prefix}Number`;
    return { [prefix === "column" ? "named" : `${prefix}Named`]: named ? "yes" : "no", [prefix]: named ? name : "", [numberKey]: column + 1 };
  }
}

/**
 * One row of a CSV as a statement line, read by its mapping; null for a row whose mapped cells are
 * all empty (a blank or separator row). A cell that does not read throws a StatementFileError
 * naming the line, the cell and its column.
 */
export function readCsvRow(cells: string[], line: number, mapping: CsvMapping, columns: CsvColumns, journalCurrency: string): FileLine | null {
  const cell = (column: number | null) => (column === null ? "" : (cells[column] ?? "").trim());
  const amountColumns = mapping.amount.kind === "signed" ? [mapping.amount.column] : [mapping.amount.debitColumn, mapping.amount.creditColumn];
  const mapped = [mapping.dateColumn, ...amountColumns, mapping.labelColumn, mapping.partnerColumn, mapping.referenceColumn, mapping.accountColumn, mapping.currencyColumn];
  if (mapped.every((column) => cell(column) === "")) return null;
  const fail = (key: MessageKey, values: MessageValues) => new StatementFileError(message(key, { line, ...values }));

  const dateText = cell(mapping.dateColumn);
  if (dateText === "") throw fail("StatementFiles.csv.dateEmpty", columns.describe(mapping.dateColumn));
  const date = parseCsvDate(dateText, mapping.dateFormat);
  if (!date) throw fail("StatementFiles.csv.notDate", { text: dateText, format: mapping.dateFormat, ...columns.describe(mapping.dateColumn) });

  const currencyText = cell(mapping.currencyColumn).toUpperCase();
  if (currencyText !== "" && !isCurrencyCode(currencyText)) {
    throw fail("StatementFiles.csv.notCurrency", { text: cell(mapping.currencyColumn), ...columns.describe(mapping.currencyColumn!) });
  }
  const currency = currencyText || journalCurrency;

  const amount = (column: number): bigint | null => {
    const text = cell(column);
    const read = parseAmountCell(text, mapping, currency);
    if (read.kind === "amount") return read.minor;
    if (read.kind === "empty") return null;
    if (read.problem === "notAmount") throw fail("StatementFiles.csv.notAmount", { text, ...columns.describe(column) });
    if (read.problem === "tooLarge") throw fail("StatementFiles.csv.amountTooLarge", { text, ...columns.describe(column) });
    throw fail("StatementFiles.csv.tooManyDecimals", { text, currency, digits: minorDigits(currency), ...columns.describe(column) });
  };
  let amountMinor: bigint;
  if (mapping.amount.kind === "signed") {
    const signed = amount(mapping.amount.column);
    if (signed === null) throw fail("StatementFiles.csv.amountEmpty", columns.describe(mapping.amount.column));
    amountMinor = signed;
  } else {
    const debit = amount(mapping.amount.debitColumn);
    const credit = amount(mapping.amount.creditColumn);
    if (debit === null && credit === null) {
      throw fail("StatementFiles.csv.debitCreditEmpty", { ...columns.describe(mapping.amount.debitColumn, "debit"), ...columns.describe(mapping.amount.creditColumn, "credit") });
    }
    // The columns say the direction; a sign some banks also print in them is ignored.
    amountMinor = abs(credit ?? 0n) - abs(debit ?? 0n);
  }

  return {
    type: "line",
    bankId: cell(mapping.referenceColumn) || null,
    date,
    amountMinor,
    currency,
    label: cell(mapping.labelColumn),
    partnerName: cell(mapping.partnerColumn) || null,
    counterpartAccount: cell(mapping.accountColumn) || null,
    status: "posted",
    raw: Object.fromEntries(cells.map((value, i) => [columns.name(i), value])),
    where: { line },
  };
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
