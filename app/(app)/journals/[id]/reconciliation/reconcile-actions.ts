"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { refusal } from "@/lib/form-errors";
import { reconcileInput, reconcileLines, revertReconciliation } from "@/lib/banksync/reconcile";
import { requireViewer } from "@/lib/session";

export type ReconcileAnswer = { ok: true; count: number } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };
export type RevertAnswer = { ok: true } | { ok: false; message: string };

const reconcileRequest = reconcileInput.extend({ journalId: z.string() });

function refresh(journalId: string) {
  revalidatePath(`/journals/${journalId}/reconciliation`);
  revalidatePath("/");
}


/** "Reconcile" in the panel of the selected lines. */
export async function reconcileLinesAction(input: unknown): Promise<ReconcileAnswer> {
  const { actor } = await requireViewer();
  const parsed = reconcileRequest.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { ok: false, message: Object.values(fieldErrors).flat().join(" "), fieldErrors };
  }
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
  if (!parsed.success) return { ok: false, message: "Statement line not found" };
  try {
    const { journalId } = await revertReconciliation(await getDb(), actor, parsed.data);
    refresh(journalId);
    return { ok: true };
  } catch (error) {
    const { message } = await refusal(error);
    return { ok: false, message };
  }
}
