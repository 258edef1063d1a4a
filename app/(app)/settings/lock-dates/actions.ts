"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { setLockEverythingDate } from "@/lib/banksync/companies";
import { lockDateInput } from "@/lib/banksync/inputs";
import { failed, invalid, submittedValues } from "@/lib/form-errors";
import type { FormState } from "@/lib/form-state";
import { requireViewer } from "@/lib/session";

export async function saveLockDates(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireViewer();
  const values = submittedValues(formData);
  const input = lockDateInput.safeParse(values);
  if (!input.success) return invalid(input.error, values);
  try {
    await setLockEverythingDate(await getDb(), actor, input.data.lockEverythingDate);
  } catch (error) {
    return failed(error, values);
  }
  revalidatePath("/", "layout");
  return { status: "success", message: (await serverTranslator())("LockDates.saved"), values };
}
