import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementImportLines, statementImports } from "@/db/schema";
import { message } from "@/i18n/message";
import { sanitizeAccountNumber } from "@/lib/bank-identifiers";
import type { Clock } from "@/lib/clock";
import { assertCanWrite, type Actor } from "../actor";
import { getJournal, type Journal } from "../journals";
import { isSameAccount } from "./account-check";
import type { StatementPreview } from "./contract";
import type { CsvMapping } from "./csv/mapping";
import { fileLineBaseId } from "./line-ids";
import { limitBytes, parseStatement } from "./parse";
import { previewStatementImport } from "./preview";
import { maxStatementFileBytes, StatementFileError, whereValues, type ByteSource, type FileLine, type StatementFormat, type StatementItem } from "./types";

export type StatementUpload = {
  fileName: string;
  format: StatementFormat;
  /** Required for a CSV: how its columns read. */
  csvMapping: CsvMapping | null;
  /** The file's bytes, read as they arrive. */
  body: ByteSource;
  /** Refused past this many bytes; 50 MB unless a benchmark measures a bigger file. */
  maxBytes?: number;
};

/** Rows per INSERT into the staging table: 11 parameters a row stays far below PostgreSQL's 65,535. */
const STAGE_CHUNK = 2_000;

/**
 * Reads a statement file into the staging table and answers its preview; nothing reaches the journal.
 * The file is parsed as it arrives and written in chunks, so a 50 MB file never sits in memory. A
 * file for another account or currency, or one that cannot be read, is refused and leaves nothing.
 */
export async function stageStatementFile(db: Db, clock: Clock, actor: Actor, journalId: string, upload: StatementUpload): Promise<StatementPreview> {
  assertCanWrite(actor);
  const journal = await getJournal(db, actor, journalId);
  const [created] = await db
    .insert(statementImports)
    .values({
      companyId: actor.companyId,
      journalId,
      createdBy: actor.userId,
      fileName: upload.fileName,
      format: upload.format,
      currency: journal.currency,
      csvMapping: upload.csvMapping,
      createdAt: clock.now(),
    })
    .returning({ id: statementImports.id });
  const importId = created!.id;
  try {
    const items = parseStatement(upload.format, limitBytes(upload.body, upload.maxBytes ?? maxStatementFileBytes), upload.csvMapping, journal.currency);
    const staged = await stageItems(db, importId, journal, items);
    await numberRepeatedIds(db, importId);
    await db
      .update(statementImports)
      .set({ accountNumber: staged.accountNumber, lineCount: staged.lines, pendingCount: staged.pending })
      .where(eq(statementImports.id, importId));
  } catch (error) {
    await db.delete(statementImports).where(eq(statementImports.id, importId));
    throw error;
  }
  return previewStatementImport(db, actor, journalId, importId);
}

type Staged = { lines: number; pending: number; accountNumber: string | null };

async function stageItems(db: Db, importId: string, journal: Journal, items: AsyncIterable<StatementItem>): Promise<Staged> {
  const staged: Staged = { lines: 0, pending: 0, accountNumber: null };
  let chunk: (typeof statementImportLines.$inferInsert)[] = [];
  const flush = async () => {
    if (chunk.length > 0) await db.insert(statementImportLines).values(chunk);
    chunk = [];
  };
  for await (const item of items) {
    if (item.type === "statement") {
      checkStatement(journal, item.accountNumber, item.currency);
      staged.accountNumber ??= item.accountNumber;
      continue;
    }
    if (item.currency !== journal.currency) throw otherLineCurrency(item, journal);
    if (item.status === "pending") {
      staged.pending += 1;
      continue;
    }
    staged.lines += 1;
    chunk.push({
      importId,
      position: staged.lines,
      date: item.date,
      amountMinor: item.amountMinor,
      currency: item.currency,
      label: item.label,
      partnerName: item.partnerName,
      counterpartAccount: item.counterpartAccount,
      counterpartKey: item.counterpartAccount ? sanitizeAccountNumber(item.counterpartAccount) : "",
      transactionId: fileLineBaseId(item),
      raw: item.raw,
    });
    if (chunk.length >= STAGE_CHUNK) await flush();
  }
  await flush();
  if (staged.lines + staged.pending === 0) throw new StatementFileError(message("StatementFiles.file.noTransactions"));
  return staged;
}

/** A statement for another account or in another currency than the journal's refuses the whole file. */
function checkStatement(journal: Journal, accountNumber: string | null, currency: string | null): void {
  if (accountNumber && journal.accountNumber && !isSameAccount(journal.accountNumber, accountNumber)) {
    throw new StatementFileError(
      message("StatementFiles.file.otherAccount", { fileAccount: accountNumber, journal: journal.name, journalAccount: journal.accountNumber }),
    );
  }
  if (currency && currency !== journal.currency) {
    throw new StatementFileError(message("StatementFiles.file.otherCurrency", { currency, journal: journal.name, journalCurrency: journal.currency }));
  }
}

/** The second and later lines of a file with the same id get `#2`, `#3`…, in file order (see fileLineBaseId). */
async function numberRepeatedIds(db: Db, importId: string): Promise<void> {
  await db.execute(sql`
    update ${statementImportLines} s set transaction_id = s.transaction_id || '#' || o.n
    from (
      select position, row_number() over (partition by transaction_id order by position) as n
      from ${statementImportLines} where import_id = ${importId}
    ) o
    where s.import_id = ${importId} and s.position = o.position and o.n > 1`);
}

/** A line in another currency than the journal's: a CSV row by its line, an OFX or CAMT line by its element. */
function otherLineCurrency(item: FileLine, journal: Journal): StatementFileError {
  const values = { currency: item.currency, journal: journal.name, journalCurrency: journal.currency };
  return new StatementFileError(
    item.where.element === undefined
      ? message("StatementFiles.file.lineCurrencyAtLine", { ...values, line: item.where.line })
      : message("StatementFiles.file.lineCurrencyAtElement", { ...values, ...whereValues(item.where) }),
  );
}

/** "Back" or "Cancel" after a preview: the staged file is dropped (an imported one stays as the record of its import). */
export async function discardStatementImport(db: Db, actor: Actor, journalId: string, importId: string): Promise<void> {
  assertCanWrite(actor);
  await db
    .delete(statementImports)
    .where(
      and(
        eq(statementImports.id, importId),
        eq(statementImports.journalId, journalId),
        eq(statementImports.companyId, actor.companyId),
        eq(statementImports.status, "staged"),
      ),
    );
}
