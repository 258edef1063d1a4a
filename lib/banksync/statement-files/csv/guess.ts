import { isCurrencyCode, minorDigits } from "@/lib/money";
import { amountBody, type AmountSeparators } from "./amounts";
import { dateFormatPreference, parseCsvDate } from "./dates";
import { roleScore, type ColumnRole } from "./header-names";
import type { CsvDateFormat, CsvMapping } from "./mapping";

type Base = Pick<CsvMapping, "encoding" | "delimiter" | "skipRows">;

/** Role order on a tie: where a header names two roles equally, the first listed takes it. */
const roleOrder: readonly ColumnRole[] = ["debit", "credit", "amount", "balance", "currency", "reference", "account", "label", "partner"];

/**
 * A first mapping for a CSV's first rows, for the user to confirm: the date column and its format,
 * whether the first row is a header, then the amount (one signed column, or debit and credit), the
 * decimal and thousands separators, label, partner, reference, account and currency columns, by
 * header names where there is a header and by the cells' look otherwise. Null when no column holds
 * dates or none holds amounts.
 */
export function guessMapping(rows: string[][], base: Base, currency: string): CsvMapping | null {
  if (rows.length === 0) return null;
  const width = Math.max(...rows.map((row) => row.length));
  const columns = Array.from({ length: width }, (_, i) => i);
  const cellsOf = (table: string[][], column: number) => table.map((row) => (row[column] ?? "").trim());

  const dateColumn = bestDateColumn(rows.length > 1 ? rows.slice(1) : rows, columns, cellsOf);
  if (dateColumn === null) return null;
  const hasHeader = rows.length > 1 && !dateFormatPreference.some((format) => parseCsvDate(rows[0]![dateColumn] ?? "", format));
  const body = hasHeader ? rows.slice(1) : rows;
  const dateFormat = bestDateFormat(cellsOf(body, dateColumn));

  const named = hasHeader ? columnsByName(rows[0]!, dateColumn) : new Map<ColumnRole, number>();
  const taken = new Set([dateColumn, ...named.values()]);
  const free = (column: number) => !taken.has(column);
  const numeric = columns.filter((c) => c !== dateColumn && isNumericColumn(cellsOf(body, c)) && !isDateColumn(cellsOf(body, c)));

  const amount = amountColumns(named, numeric.filter(free), (c) => cellsOf(body, c));
  if (!amount) return null;
  const amountCells = amount.kind === "signed" ? [amount.column] : [amount.debitColumn, amount.creditColumn];
  for (const column of amountCells) taken.add(column);

  const currencyColumn = named.get("currency") ?? columns.filter(free).find((c) => isCurrencyColumn(cellsOf(body, c))) ?? null;
  if (currencyColumn !== null) taken.add(currencyColumn);
  const partnerColumn = named.get("partner") ?? null;
  const labelColumn = named.get("label") ?? longestTextColumn(columns.filter((c) => free(c) && !numeric.includes(c)), (c) => cellsOf(body, c)) ?? partnerColumn;
  if (labelColumn === null) return null;

  return {
    ...base,
    hasHeader,
    dateColumn,
    dateFormat,
    amount,
    ...guessSeparators(amountCells.flatMap((c) => cellsOf(body, c)), base.delimiter, currency),
    labelColumn,
    partnerColumn,
    referenceColumn: named.get("reference") ?? null,
    accountColumn: named.get("account") ?? null,
    currencyColumn,
  };
}

function bestDateColumn(rows: string[][], columns: number[], cellsOf: (rows: string[][], c: number) => string[]): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (const column of columns) {
    const count = cellsOf(rows, column).filter((cell) => dateFormatPreference.some((format) => parseCsvDate(cell, format))).length;
    if (count > bestCount) [best, bestCount] = [column, count];
  }
  return best;
}

/** The most likely format that reads every date of the column, else the one that reads most. */
function bestDateFormat(cells: string[]): CsvDateFormat {
  const filled = cells.filter((cell) => cell !== "");
  let best = dateFormatPreference[0]!;
  let bestCount = -1;
  for (const format of dateFormatPreference) {
    const count = filled.filter((cell) => parseCsvDate(cell, format)).length;
    if (count === filled.length) return format;
    if (count > bestCount) [best, bestCount] = [format, count];
  }
  return best;
}

/** Each role's column by header name, best match first: "Counterparty" takes the partner before "Counterparty account" could. */
function columnsByName(header: string[], dateColumn: number): Map<ColumnRole, number> {
  const matches = header
    .flatMap((name, column) => roleOrder.map((role) => ({ role, column, score: column === dateColumn ? 0 : roleScore(name, role) })))
    .filter((match) => match.score > 0)
    .sort((a, b) => b.score - a.score || roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.column - b.column);
  const byRole = new Map<ColumnRole, number>();
  const used = new Set<number>();
  for (const { role, column } of matches) {
    if (byRole.has(role) || used.has(column)) continue;
    byRole.set(role, column);
    used.add(column);
  }
  return byRole;
}

/**
 * Debit and credit columns when the header names both, else the column it names amount; without
 * names, two neighbouring number columns of which every row fills exactly one (withdrawals,
 * deposits), else the first number column with signs or decimals, else the first number column.
 */
function amountColumns(named: Map<ColumnRole, number>, numeric: number[], cellsOf: (c: number) => string[]): CsvMapping["amount"] | null {
  const debit = named.get("debit");
  const credit = named.get("credit");
  if (debit !== undefined && credit !== undefined) return { kind: "debitCredit", debitColumn: debit, creditColumn: credit };
  const amount = named.get("amount");
  if (amount !== undefined) return { kind: "signed", column: amount };
  const pair = numeric.find((c) => numeric.includes(c + 1) && exactlyOneFilled(cellsOf(c), cellsOf(c + 1)));
  if (pair !== undefined) return { kind: "debitCredit", debitColumn: pair, creditColumn: pair + 1 };
  const signed = numeric.find((c) => cellsOf(c).some((cell) => /[-−(+.,]/.test(cell))) ?? numeric[0];
  return signed === undefined ? null : { kind: "signed", column: signed };
}

function exactlyOneFilled(first: string[], second: string[]): boolean {
  const filled = (cell: string | undefined) => cell !== undefined && /[1-9]/.test(cell);
  return first.every((cell, i) => filled(cell) !== filled(second[i]));
}

function isNumericColumn(cells: string[]): boolean {
  const filled = cells.filter((cell) => cell !== "");
  return filled.length > 0 && filled.every((cell) => amountBody(cell) !== null);
}

function isDateColumn(cells: string[]): boolean {
  const filled = cells.filter((cell) => cell !== "");
  return filled.length > 0 && filled.every((cell) => dateFormatPreference.some((format) => parseCsvDate(cell, format)));
}

function isCurrencyColumn(cells: string[]): boolean {
  const filled = cells.filter((cell) => cell !== "");
  return filled.length > 0 && filled.every((cell) => /^[A-Za-z]{3}$/.test(cell) && isCurrencyCode(cell.toUpperCase()));
}

function longestTextColumn(columns: number[], cellsOf: (c: number) => string[]): number | null {
  let best: number | null = null;
  let bestLength = 0;
  for (const column of columns) {
    const filled = cellsOf(column).filter((cell) => cell !== "");
    const length = filled.reduce((sum, cell) => sum + cell.length, 0) / Math.max(filled.length, 1);
    if (length > bestLength) [best, bestLength] = [column, length];
  }
  return best;
}

/**
 * The separators the amount cells use: a cell with both marks shows the decimal one last; a mark
 * repeated in one cell groups thousands; a single mark followed by other than three digits is the
 * decimal. "1,000" alone is ambiguous: thousands for a currency with no decimals or two, decimal for
 * one with three; with no marks at all, "," where the delimiter is ";" (as in continental exports).
 */
function guessSeparators(cells: string[], delimiter: CsvMapping["delimiter"], currency: string): AmountSeparators {
  const votes = { ",": 0, ".": 0 };
  let ambiguous: "," | "." | null = null;
  let spaced = false;
  let apostrophe = false;
  for (const cell of cells) {
    if (/\d[ \u00a0\u202f]\d{3}(?!\d)/.test(cell)) spaced = true;
    const body = amountBody(cell)?.body;
    if (!body) continue;
    if (body.includes("'")) apostrophe = true;
    const comma = body.lastIndexOf(",");
    const dot = body.lastIndexOf(".");
    if (comma >= 0 && dot >= 0) {
      votes[comma > dot ? "," : "."]++;
      continue;
    }
    const mark = comma >= 0 ? "," : dot >= 0 ? "." : null;
    if (!mark) continue;
    if (body.indexOf(mark) !== body.lastIndexOf(mark)) votes[other(mark)]++;
    else if (body.length - body.lastIndexOf(mark) - 1 !== 3) votes[mark]++;
    else ambiguous = mark;
  }
  let decimal: "," | ".";
  if (votes[","] !== votes["."]) decimal = votes[","] > votes["."] ? "," : ".";
  else if (ambiguous) decimal = isCurrencyCode(currency) && minorDigits(currency) === 3 ? ambiguous : other(ambiguous);
  else decimal = delimiter === ";" ? "," : ".";
  return { decimalSeparator: decimal, thousandsSeparator: apostrophe ? "'" : spaced ? " " : other(decimal) };
}

function other(mark: "," | "."): "," | "." {
  return mark === "," ? "." : ",";
}
