"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { message } from "@/i18n/message";
import { translate } from "@/i18n/translate";
import { ValidationError } from "@/lib/banksync/errors";
import { fieldMessages, reconcileInput, reconcileLines, revertReconciliation } from "@/lib/banksync/reconcile";
import { refusal } from "@/lib/form-errors";
import { requireViewer } from "@/lib/session";

export type ReconcileAnswer = { ok: true; count: number } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };
export type RevertAnswer = { ok: true } | { ok: false; message: string };

const reconcileRequest = reconcileInput.extend({ journalId: z.string({ error: "Errors.notFound" }) });

function refresh(journalId: string) {
  revalidatePath(`/journals/${journalId}/reconciliation`);
  revalidatePath("/");
}

/** "Reconcile" in the panel of the selected lines. */
export async function reconcileLinesAction(input: unknown): Promise<ReconcileAnswer> {
  const { actor } = await requireViewer();
  const parsed = reconcileRequest.safeParse(input);
  if (!parsed.success) return await refusal(new ValidationError(fieldMessages(parsed.error)));
  const { journalId, ...request } = parsed.data;
  try {
    const { count } = await reconcileLines(await getDb(), actor, journalId, request);
    refresh(journalId);
    return { ok: true, count };
  } catch (error) {
    return await refusal(error);
  }
}

/** "Revert" on a reconciled line. */
export async function revertReconciliationAction(lineId: unknown): Promise<RevertAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.string().safeParse(lineId);
  if (!parsed.success) return { ok: false, message: await translate(message("StatementLines.errors.lineNotFound")) };
  try {
    const { journalId } = await revertReconciliation(await getDb(), actor, parsed.data);
    refresh(journalId);
    return { ok: true };
  } catch (error) {
    const { message } = await refusal(error);
    return { ok: false, message };
  }
}
