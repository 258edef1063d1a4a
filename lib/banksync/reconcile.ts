import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { message, type Message, type MessageKey } from "@/i18n/message";
import { statementLines } from "@/db/schema";
import { assertCanWrite, type Actor } from "./actor";
import { NotFoundError, ValidationError } from "./errors";
import { getJournal, isUuid } from "./journals";
import { getLedgerAccount } from "./ledger-accounts";
import { assertNotLocked, guardLockDate, lockDateOf } from "./lock-date";

/** A page holds 50 lines; "select all" over a few pages stays well under this. */
const MOST_LINES = 1000;

// Each issue's text is a catalog key; its values (the maximum) are added by fieldMessages.
const optionalText = (tooLong: MessageKey, max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

/** "Reconcile" on the selected lines: one counterpart account for all of them, an optional partner and label. */
export const reconcileInput = z.object({
  lineIds: z
    .array(z.string(), { error: "Reconcile.errors.selectLines" })
    .min(1, "Reconcile.errors.selectLines")
    .max(MOST_LINES, "Reconcile.errors.tooManyLines"),
  accountId: z.string({ error: "Reconcile.errors.chooseAccount" }).trim().min(1, "Reconcile.errors.chooseAccount"),
  partner: optionalText("Reconcile.errors.partnerTooLong", 200),
  /** Empty: each line keeps its own label. */
  label: optionalText("Reconcile.errors.labelTooLong", 1000),
});
export type ReconcileRequest = z.input<typeof reconcileInput>;

/** The issues of a reconcile request, by field, as Messages: each issue's text is its key, a maximum its `max`. */
export function fieldMessages(error: z.ZodError): Record<string, Message[]> {
  const fields: Record<string, Message[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    const values = issue.code === "too_big" ? { max: Number(issue.maximum) } : undefined;
    (fields[field] ??= []).push(message(issue.message as MessageKey, values));
  }
  return fields;
}

export function parseReconcileInput(input: ReconcileRequest): z.infer<typeof reconcileInput> {
  const parsed = reconcileInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldMessages(parsed.error));
  return parsed.data;
}

/**
 * Reconciles several lines of one journal to the same counterpart account, all or nothing: each
 * line leaves "To reconcile" (the dashboard's count follows through the per-day totals' triggers).
 */
export async function reconcileLines(db: Db, actor: Actor, journalId: string, input: ReconcileRequest): Promise<{ count: number }> {
  assertCanWrite(actor);
  const { lineIds, accountId, partner, label } = parseReconcileInput(input);
  const journal = await getJournal(db, actor, journalId);
  const account = await getLedgerAccount(db, actor, accountId);
  const ids = [...new Set(lineIds)];
  if (!ids.every(isUuid)) throw new NotFoundError("Statement line");
  let earliest = "";
  return guardLockDate(db, actor.companyId, () => earliest, () =>
    db.transaction(async (tx) => {
      const lines = await tx
        .select({ id: statementLines.id, date: statementLines.date, label: statementLines.label, reconciled: statementLines.reconciled })
        .from(statementLines)
        .where(and(inArray(statementLines.id, ids), eq(statementLines.journalId, journal.id), eq(statementLines.companyId, actor.companyId)))
        // Locked in one order, so two overlapping selections wait for each other instead of deadlocking.
        .orderBy(asc(statementLines.id))
        .for("update");
      if (lines.length !== ids.length) throw new NotFoundError("Statement line");
      const done = lines.find((l) => l.reconciled);
      if (done) throw new ValidationError({ lineIds: [message("Reconcile.errors.alreadyReconciled", { label: done.label })] });
      earliest = lines.reduce((min, l) => (l.date < min ? l.date : min), lines[0]!.date);
      assertNotLocked(earliest, await lockDateOf(tx, actor.companyId));
      const updated = await tx
        .update(statementLines)
        .set({
          reconciled: true,
          reconciledAccountId: account.id,
          reconciledPartner: partner ?? null,
          reconciledLabel: label ?? sql`${statementLines.label}`,
          reconciledAt: sql`now()`,
          reconciledBy: actor.userId,
        })
        .where(and(inArray(statementLines.id, ids), eq(statementLines.reconciled, false)))
        .returning({ id: statementLines.id });
      return { count: updated.length };
    }),
  );
}

/** "Revert": the line goes back to "To reconcile", without its account, partner and label of reconciliation. */
export async function revertReconciliation(db: Db, actor: Actor, lineId: string): Promise<{ journalId: string }> {
  assertCanWrite(actor);
  if (!isUuid(lineId)) throw new NotFoundError("Statement line");
  let date = "";
  return guardLockDate(db, actor.companyId, () => date, () =>
    db.transaction(async (tx) => {
      const [line] = await tx
        .select({ journalId: statementLines.journalId, date: statementLines.date, reconciled: statementLines.reconciled })
        .from(statementLines)
        .where(and(eq(statementLines.id, lineId), eq(statementLines.companyId, actor.companyId)))
        .for("update");
      if (!line) throw new NotFoundError("Statement line");
      if (!line.reconciled) throw new ValidationError({ line: [message("Reconcile.errors.notReconciled")] });
      date = line.date;
      assertNotLocked(line.date, await lockDateOf(tx, actor.companyId));
      await tx
        .update(statementLines)
        .set({ reconciled: false, reconciledAccountId: null, reconciledPartner: null, reconciledLabel: null, reconciledAt: null, reconciledBy: null })
        .where(eq(statementLines.id, lineId));
      return { journalId: line.journalId };
    }),
  );
}
