"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { newUserInput } from "@/lib/banksync/inputs";
import { addUser } from "@/lib/banksync/users";
import { failed, invalid, submittedValues } from "@/lib/form-errors";
import type { FormState } from "@/lib/form-state";
import { requireViewer } from "@/lib/session";

export async function addUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireViewer();
  const values = submittedValues(formData);
  const input = newUserInput.safeParse({ ...values, password: formData.get("password") });
  if (!input.success) return invalid(input.error, values);
  try {
    await addUser(await getDb(), actor, input.data);
  } catch (error) {
    return failed(error, values);
  }
  revalidatePath("/settings/users");
  return { status: "success", message: (await serverTranslator())("Users.added", { email: input.data.email }) };
}
