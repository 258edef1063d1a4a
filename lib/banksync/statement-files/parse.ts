import { message } from "@/i18n/message";
import { parseCamt053 } from "./camt/parse";
import type { CsvMapping } from "./csv/mapping";
import { parseCsv } from "./csv/parse";
import { parseOfx } from "./ofx/parse";
import { StatementFileError, type ByteSource, type StatementFormat, type StatementItem } from "./types";

/** The parser of a format, over the file's bytes; a CSV needs its mapping, and its rows are in the journal's currency unless it says. */
export function parseStatement(format: StatementFormat, source: ByteSource, csvMapping: CsvMapping | null, journalCurrency: string): AsyncGenerator<StatementItem> {
  switch (format) {
    case "csv":
      if (!csvMapping) throw new StatementFileError(message("StatementFiles.file.csvNeedsMapping"));
      return parseCsv(source, csvMapping, journalCurrency);
    case "ofx":
      return parseOfx(source);
    case "camt053":
      return parseCamt053(source);
  }
}

/** The bytes of a source, refused past `limit` (the request's stream is never read further). */
export async function* limitBytes(source: ByteSource, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) throw new StatementFileError(message("StatementFiles.file.tooLarge", { megabytes: Math.round(limit / 1024 / 1024) }));
    yield chunk;
  }
  if (total === 0) throw new StatementFileError(message("StatementFiles.file.empty"));
}
