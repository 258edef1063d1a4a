import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { journals, statementImportLines, statementImports } from "@/db/schema";
import type { Clock } from "@/lib/clock";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import { message, type Message } from "@/i18n/message";
import { NotFoundError, ValidationError } from "../errors";
import { getJournal, isUuid } from "../journals";
import { isLocked, lockDateOf } from "../lock-date";
import type { NormalizedTransaction } from "../providers/types";
import { addCounts, importPageWithin, noCounts, type ImportTarget } from "../sync/import-page";
import type { StatementImportResult } from "./contract";

/** Staged lines handed to importPage at a time. */
const IMPORT_PAGE = 5_000;

/** Before every line a file can hold. */
const ANY_DATE = "0001-01-01";

type StagedLine = typeof statementImportLines.$inferSelect;

/**
 * "Import": a previewed file goes into the journal through the synchronization's own import path
 * (the same id rules and possible-duplicate flags, so a file and a feed never double-count), all of
 * it in one database transaction: a failure half-way leaves the journal as it was. Lines on or
 * before the lock date (read inside the transaction) are refused; the rest is imported and marked as
 * coming from the file. The CSV mapping is remembered on the journal, and the journal's log says it.
 */
export async function importStatementFile(db: Db, clock: Clock, actor: Actor, journalId: string, importId: string): Promise<StatementImportResult> {
  assertCanWrite(actor);
  const journal = await getJournal(db, actor, journalId);
  if (!isUuid(importId)) throw new NotFoundError("Statement import");
  return db.transaction(async (tx) => {
    const [staged] = await tx
      .select()
      .from(statementImports)
      .where(and(eq(statementImports.id, importId), eq(statementImports.journalId, journalId), eq(statementImports.companyId, actor.companyId)))
      .for("update");
    if (!staged) throw new NotFoundError("Statement import");
    if (staged.status !== "staged") throw new ValidationError({ importId: [message("StatementFiles.file.alreadyImported")] });
    const lockDate = await lockDateOf(tx, actor.companyId);
    const target: ImportTarget = { companyId: actor.companyId, journalId, onlineAccountId: null, from: ANY_DATE, lockDate, importId, source: "file" };

    let counts = noCounts();
    let refusedLocked = 0;
    let after: { date: string; position: number } | null = null;
    for (;;) {
      const rows: StagedLine[] = await tx
        .select()
        .from(statementImportLines)
        .where(
          and(
            eq(statementImportLines.importId, importId),
            after ? sql`(${statementImportLines.date}, ${statementImportLines.position}) > (${after.date}::date, ${after.position})` : undefined,
          ),
        )
        .orderBy(asc(statementImportLines.date), asc(statementImportLines.position))
        .limit(IMPORT_PAGE);
      if (rows.length === 0) break;
      refusedLocked += rows.filter((row) => isLocked(row.date, lockDate)).length;
      counts = addCounts(counts, await importPageWithin(tx, target, { transactions: rows.map(toTransaction), removedExternalIds: [], cursor: null }));
      const last = rows.at(-1)!;
      after = { date: last.date, position: last.position };
    }

    const result: StatementImportResult = { imported: counts.imported, flagged: counts.flagged, skippedKnown: counts.skippedKnown, refusedLocked };
    await tx
      .update(statementImports)
      .set({ status: "imported", importedCount: result.imported, flaggedCount: result.flagged, skippedCount: result.skippedKnown, lockedCount: refusedLocked, importedAt: clock.now() })
      .where(eq(statementImports.id, importId));
    await tx.delete(statementImportLines).where(eq(statementImportLines.importId, importId));
    if (staged.csvMapping) await tx.update(journals).set({ csvMapping: staged.csvMapping }).where(eq(journals.id, journalId));
    await logConnectionMessage(tx, {
      companyId: actor.companyId,
      connectionId: null,
      journalId,
      text: importMessage(staged.fileName, journal.name, result),
      authorId: actor.userId,
      at: clock.now(),
    });
    return result;
  });
}

function toTransaction(row: StagedLine): NormalizedTransaction {
  return {
    externalId: row.transactionId,
    date: row.date,
    valueDate: null,
    amountMinor: row.amountMinor,
    currency: row.currency,
    description: row.label,
    partnerName: row.partnerName,
    counterpartAccount: row.counterpartAccount,
    status: "posted",
    pendingExternalId: null,
    raw: row.raw,
  };
}

function importMessage(fileName: string, journalName: string, result: StatementImportResult): Message {
  return message("StatementFiles.log.imported", {
    file: fileName,
    journal: journalName,
    imported: result.imported,
    flagged: result.flagged,
    known: result.skippedKnown,
    refused: result.refusedLocked,
  });
}
