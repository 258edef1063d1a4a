import { message } from "@/i18n/message";
import { StatementFileError, type ByteSource, type StatementItem } from "../types";
import { decodeText } from "./decode";
import type { CsvMapping } from "./mapping";
import { csvRecords } from "./records";
import { CsvColumns, readCsvRow } from "./row";

/**
 * The statement lines of a CSV file read by its mapping, streamed: bytes are decoded, split into
 * rows and yielded one line at a time, so a 50 MB file is never held whole. A CSV says neither its
 * account nor (without a currency column) its currency: one statement item with neither comes
 * first, and rows are in `journalCurrency` unless their currency cell says otherwise.
 */
export async function* parseCsv(source: ByteSource, mapping: CsvMapping, journalCurrency: string): AsyncGenerator<StatementItem> {
  yield { type: "statement", accountNumber: null, currency: null, where: { line: 1 } };
  let columns: CsvColumns | null = mapping.hasHeader ? null : new CsvColumns(null);
  let lines = 0;
  for await (const { cells, line } of csvRecords(decodeText(source, mapping.encoding), mapping.delimiter, mapping.skipRows)) {
    if (!columns) {
      columns = new CsvColumns(cells);
      continue;
    }
    const read = readCsvRow(cells, line, mapping, columns, journalCurrency);
    if (!read) continue;
    lines++;
    yield read;
  }
  if (lines === 0) {
    throw new StatementFileError(message(mapping.hasHeader ? "StatementFiles.csv.noRowsAfterHeader" : "StatementFiles.csv.noRows"));
  }
}
