"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { manualLineInput } from "@/lib/banksync/inputs";
import { addManualLine, deleteStatementLine } from "@/lib/banksync/statement-lines";
import { failed, invalid, submittedValues } from "@/lib/form-errors";
import type { FormState } from "@/lib/form-state";
import { decimalMark, requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export async function addLine(journalId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireViewer();
  const values = submittedValues(formData);
  const input = manualLineInput.safeParse(values);
  if (!input.success) return await invalid(input.error, values);
  try {
    const db = await getDb();
    await addManualLine(db, actor, z.string().parse(journalId), input.data, { decimal: decimalMark(await requestLocale()) });
  } catch (error) {
    return await failed(error, values);
  }
  revalidatePath(`/journals/${journalId}/reconciliation`);
  revalidatePath("/");
  return { status: "success", message: (await serverTranslator())("ManualLine.added") };
}

export async function deleteLine(lineId: string, _prev: FormState): Promise<FormState> {
  const { actor } = await requireViewer();
  let journalId: string;
  try {
    ({ journalId } = await deleteStatementLine(await getDb(), actor, z.string().parse(lineId)));
  } catch (error) {
    const state = await failed(error, {}, "line");
    return { ...state, message: state.message ?? Object.values(state.fieldErrors ?? {}).flat().join(" ") };
  }
  revalidatePath(`/journals/${journalId}/reconciliation`);
  revalidatePath("/");
  return { status: "success" };
}
