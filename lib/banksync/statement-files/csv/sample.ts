import { decodeHead } from "./decode";
import { parseCsvDate } from "./dates";
import { detectDelimiter, detectSkipRows } from "./detect-layout";
import { detectEncoding } from "./detect-encoding";
import { guessMapping } from "./guess";
import type { CsvDelimiter, CsvEncoding, CsvMapping, CsvSample } from "./mapping";
import { csvSampleRecords } from "./records";

/** How much of a file the mapping step reads: its first 64 KB. */
export const csvHeadBytes = 64 * 1024;

const sampleRows = 20;

export type CsvSampleOptions = {
  /** Chosen by the user; detected when absent. */
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  skipRows?: number;
  /** The journal's mapping from its last CSV import. */
  remembered?: CsvMapping | null;
  /** The journal's currency, for the amounts' decimals. */
  currency: string;
  /** Whether `head` is the whole file (else its last, possibly cut, line is dropped); by default, when it is shorter than `csvHeadBytes`. */
  complete?: boolean;
};

/**
 * What the mapping step shows for a file's first bytes: its first rows as read with the chosen (or
 * detected) encoding, delimiter and lines to skip, and the journal's remembered mapping when it fits
 * this file, else a guess. Throws a StatementFileError for a file that is not text or not CSV.
 */
export function csvSample(head: Uint8Array, options: CsvSampleOptions): CsvSample {
  const remembered = options.remembered ?? null;
  const encoding = options.encoding ?? readingEncoding(head, remembered);
  const text = decodeHead(head, encoding, options.complete ?? head.byteLength < csvHeadBytes);

  if (remembered && remembered.encoding === encoding && (options.delimiter ?? remembered.delimiter) === remembered.delimiter && (options.skipRows ?? remembered.skipRows) === remembered.skipRows) {
    const rows = csvSampleRecords(text, remembered.delimiter, remembered.skipRows, sampleRows);
    if (fits(remembered, rows)) return { encoding, delimiter: remembered.delimiter, rows, mapping: remembered };
  }
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const skipRows = options.skipRows ?? detectSkipRows(text, delimiter);
  const rows = csvSampleRecords(text, delimiter, skipRows, sampleRows);
  return { encoding, delimiter, rows, mapping: guessMapping(rows, { encoding, delimiter, skipRows }, options.currency) };
}

/**
 * The detected encoding, or the remembered one when the bytes read the same in both: a file of plain
 * ASCII is "UTF-8" to detection but as much the bank's usual Latin-1 or EUC-KR.
 */
function readingEncoding(head: Uint8Array, remembered: CsvMapping | null): CsvEncoding {
  const detected = detectEncoding(head);
  if (!remembered || remembered.encoding === detected) return detected;
  const asciiOnly = head.every((byte) => byte < 0x80);
  const sameFamily = (a: CsvEncoding, b: CsvEncoding) => [a, b].every((e) => e === "utf-8" || e === "utf-8-bom") || [a, b].every((e) => e === "euc-kr" || e === "cp949");
  // EUC-KR is read through CP949, so a remembered "euc-kr" reads a file holding a CP949-only syllable too.
  return asciiOnly || sameFamily(detected, remembered.encoding) ? remembered.encoding : detected;
}

/** A remembered mapping fits when its columns exist in the rows and its date column reads as dates in its format. */
function fits(mapping: CsvMapping, rows: string[][]): boolean {
  const width = Math.max(0, ...rows.map((row) => row.length));
  const amountColumns = mapping.amount.kind === "signed" ? [mapping.amount.column] : [mapping.amount.debitColumn, mapping.amount.creditColumn];
  const columns = [mapping.dateColumn, mapping.labelColumn, ...amountColumns, mapping.partnerColumn, mapping.referenceColumn, mapping.accountColumn, mapping.currencyColumn];
  if (!columns.every((column) => column === null || column < width)) return false;
  const body = mapping.hasHeader ? rows.slice(1) : rows;
  return body.some((row) => parseCsvDate(row[mapping.dateColumn] ?? "", mapping.dateFormat));
}
