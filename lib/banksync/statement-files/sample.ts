import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Message } from "@/i18n/message";
import { journals } from "@/db/schema";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import type { StatementSampleResult } from "./contract";
import { csvMappingSchema, type CsvDelimiter, type CsvEncoding } from "./csv/mapping";
import { csvSample } from "./csv/sample";
import { sniffFormat } from "./sniff";
import { StatementFileError } from "./types";

export type SampleRequest = {
  fileName: string;
  /** The file's first bytes (64 KB). */
  head: Uint8Array;
  /** The head is the whole file (its last line is not cut). */
  complete: boolean;
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
  skipRows?: number;
};

/** What the sample step found; a file it cannot read is refused with a Message for the action to say. */
export type StatementSampleOutcome = Extract<StatementSampleResult, { ok: true }> | { ok: false; error: Message };

/**
 * The first step of an import: which format the file is, and for a CSV the first rows and a mapping
 * to start from (the journal's remembered one when it fits the file, else a guess).
 */
export async function sampleStatementFile(db: Db, actor: Actor, journalId: string, request: SampleRequest): Promise<StatementSampleOutcome> {
  if (!isUuid(journalId)) throw new NotFoundError("Journal");
  const [journal] = await db
    .select({ currency: journals.currency, csvMapping: journals.csvMapping })
    .from(journals)
    .where(and(eq(journals.id, journalId), eq(journals.companyId, actor.companyId)));
  if (!journal) throw new NotFoundError("Journal");
  try {
    const format = sniffFormat(request.head, request.fileName);
    if (format !== "csv") return { ok: true, format, csv: null };
    const remembered = csvMappingSchema.safeParse(journal.csvMapping);
    const csv = csvSample(request.head, {
      encoding: request.encoding,
      delimiter: request.delimiter,
      skipRows: request.skipRows,
      remembered: remembered.success ? remembered.data : null,
      currency: journal.currency,
      complete: request.complete,
    });
    return { ok: true, format, csv };
  } catch (error) {
    if (error instanceof StatementFileError) return { ok: false, error: error.userMessage };
    throw error;
  }
}
