import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementLines } from "@/db/schema";
import { message } from "@/i18n/message";
import { parseAmount, type AmountFormat } from "@/lib/money";
import { assertCanWrite, type Actor } from "./actor";
import { NotFoundError, ValidationError } from "./errors";
import { rememberDeletedLines } from "./deleted-online";
import type { ManualLineInput } from "./inputs";
import { getJournal, isUuid } from "./journals";
import { assertNotLocked, guardLockDate, lockDateOf } from "./lock-date";

/** A statement line typed by hand in the journal view. */
export async function addManualLine(
  db: Db,
  actor: Actor,
  journalId: string,
  input: ManualLineInput,
  format: AmountFormat = { decimal: "." },
): Promise<{ lineId: string }> {
  assertCanWrite(actor);
  const journal = await getJournal(db, actor, journalId);
  const amount = parseAmount(input.amount, journal.currency, format);
  if (!amount.ok) throw new ValidationError({ amount: [amount.error] });
  if (amount.minor === 0n) throw new ValidationError({ amount: [message("StatementLines.errors.nonZeroAmount")] });
  assertNotLocked(input.date, await lockDateOf(db, actor.companyId));
  const [line] = await guardLockDate(db, actor.companyId, input.date, () =>
    db
      .insert(statementLines)
      .values({
        companyId: actor.companyId,
        journalId: journal.id,
        date: input.date,
        amountMinor: amount.minor,
        currency: journal.currency,
        label: input.label,
        partnerName: input.partnerName ?? null,
        source: "manual",
        createdBy: actor.userId,
      })
      .returning({ id: statementLines.id }),
  );
  return { lineId: line!.id };
}

/** Deletes a line that is neither reconciled nor in the locked period. */
export async function deleteStatementLine(db: Db, actor: Actor, lineId: string): Promise<{ journalId: string }> {
  assertCanWrite(actor);
  if (!isUuid(lineId)) throw new NotFoundError("Statement line");
  const [line] = await db
    .select({ journalId: statementLines.journalId, date: statementLines.date, reconciled: statementLines.reconciled })
    .from(statementLines)
    .where(and(eq(statementLines.id, lineId), eq(statementLines.companyId, actor.companyId)));
  if (!line) throw new NotFoundError("Statement line");
  if (line.reconciled) throw new ValidationError({ line: [message("StatementLines.errors.reconciledCannotBeDeleted")] });
  assertNotLocked(line.date, await lockDateOf(db, actor.companyId));
  await guardLockDate(db, actor.companyId, line.date, () =>
    db.transaction(async (tx) => {
      const removed = await tx
        .delete(statementLines)
        .where(and(eq(statementLines.id, lineId), eq(statementLines.companyId, actor.companyId)))
        .returning({ journalId: statementLines.journalId, onlineTransactionId: statementLines.onlineTransactionId });
      await rememberDeletedLines(tx, removed, actor.userId);
    }),
  );
  return { journalId: line.journalId };
}
