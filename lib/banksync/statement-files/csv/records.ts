import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse, type CsvError, type InfoRecord, type Options } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { message, type Message } from "@/i18n/message";
import { StatementFileError } from "../types";
import { refuseBinary } from "./decode";
import type { CsvDelimiter } from "./mapping";

/** A row of the file and the physical line (1-based) it starts on. */
export type CsvRecord = { cells: string[]; line: number };

/** Longest row accepted: past it, a quote is almost surely not closed and the rest of the file would pile up in one field. */
const maxRecordChars = 1_000_000;

function parserOptions(delimiter: CsvDelimiter): Options {
  return { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: maxRecordChars };
}

/**
 * The rows of a CSV text stream, parsed as the text arrives (flat memory), after dropping its first
 * `skipRows` physical lines, each with the line it starts on for messages.
 */
export async function* csvRecords(text: AsyncIterable<string>, delimiter: CsvDelimiter, skipRows: number): AsyncGenerator<CsvRecord> {
  const lines = new LineCounter(skipRows);
  // Lines are counted as csv-parse reads each record (its `on_record`, with the same information
  // `info: true` gives), not as the loop below takes them: on a failure, records it read but the
  // loop did not take yet are dropped, and the failing row's line is counted from the last one read.
  const options: Options<CsvRecord, string[]> = { ...parserOptions(delimiter), on_record: (cells, info) => ({ cells, line: lines.record(cells, info) }) };
  // csv-parse's typings only let `on_record` change a record's type together with `columns`.
  const parser = parse(options as unknown as Options);
  const fed = pipeline(Readable.from(afterLines(text, skipRows), { objectMode: false }), parser).catch(() => {
    // A failure of the text reaches the loop below through the parser, which it destroys.
  });
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) yield record;
  } catch (error) {
    if (isCsvError(error)) throw new StatementFileError(csvProblem(error, lines.failedRecord(Number(error.empty_lines))));
    throw error;
  } finally {
    parser.destroy();
    await fed;
  }
}

/** The first rows of a sample's text (at most `limit`), after its first `skipRows` physical lines. */
export function csvSampleRecords(text: string, delimiter: CsvDelimiter, skipRows: number, limit: number): string[][] {
  const rest = text.split(/(?<=\r\n|\r(?!\n)|\n)/).slice(skipRows).join("");
  try {
    return parseSync(rest, { ...parserOptions(delimiter), to: limit }) as string[][];
  } catch (error) {
    if (isCsvError(error)) throw new StatementFileError(csvProblem(error, skipRows + Number(error.lines)));
    throw error;
  }
}

/** The text after its first `count` line breaks (CR LF, LF or a lone CR), a break split across chunks included. */
async function* afterLines(text: AsyncIterable<string>, count: number): AsyncGenerator<string> {
  let toSkip = count;
  let afterCR = false;
  for await (const chunk of text) {
    refuseBinary(chunk);
    let start = 0;
    while (start < chunk.length && (toSkip > 0 || afterCR)) {
      const char = chunk[start];
      if (afterCR) {
        afterCR = false;
        if (char === "\n") {
          start++;
          continue;
        }
      }
      if (toSkip === 0) break;
      if (char === "\n" || char === "\r") {
        toSkip--;
        afterCR = char === "\r";
      }
      start++;
    }
    if (start < chunk.length) yield start === 0 ? chunk : chunk.slice(start);
  }
}

/**
 * Physical line numbers from csv-parse's count. csv-parse counts the line a record ends on, and
 * counts a CR LF inside a quoted field as two lines; both are undone here from the record's cells.
 */
class LineCounter {
  /** Lines csv-parse counted twice: CR LFs inside quoted fields so far. */
  private extra = 0;
  private lastEnd: number;
  private lastEmptyLines = 0;

  constructor(private readonly skipped: number) {
    this.lastEnd = skipped;
  }

  /** The line a record starts on. */
  record(cells: string[], info: InfoRecord): number {
    let breaks = 0;
    for (const cell of cells) {
      if (!cell.includes("\n") && !cell.includes("\r")) continue;
      breaks += cell.match(/\r\n|\r|\n/g)!.length;
      this.extra += cell.match(/\r\n/g)?.length ?? 0;
    }
    this.lastEnd = this.skipped + info.lines - this.extra;
    this.lastEmptyLines = info.empty_lines;
    return this.lastEnd - breaks;
  }

  /** The line the record csv-parse failed on starts on: after the last record read and the empty lines skipped since. */
  failedRecord(emptyLines: number): number {
    return this.lastEnd + 1 + Math.max(0, emptyLines - this.lastEmptyLines);
  }
}

/** csv-parse's errors by their code: its stream and sync builds each carry their own CsvError class. */
function isCsvError(error: unknown): error is CsvError {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && code.startsWith("CSV_");
}

/** What is wrong with the row on `line`; csv-parse's own (English) words only for a failure it has no code we know for. */
function csvProblem(error: CsvError, line: number): Message {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return message("StatementFiles.csv.quoteNotClosed", { line });
    case "CSV_MAX_RECORD_SIZE":
      return message("StatementFiles.csv.rowTooLong", { line });
    default:
      return message("StatementFiles.csv.unreadable", { line, reason: error.message });
  }
}
