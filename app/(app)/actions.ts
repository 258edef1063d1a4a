"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { manualBankAccountInput } from "@/lib/banksync/inputs";
import { setDeveloperMode, setLanguage } from "@/lib/banksync/users";
import { languages } from "@/i18n/config";
import { signOut } from "@/lib/auth";
import { failed, invalid, submittedValues } from "@/lib/form-errors";
import type { FormState } from "@/lib/form-state";
import { requireViewer } from "@/lib/session";

/** "Add new bank" in the "Add a Bank Account" dialog. */
export async function addBankAccount(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireViewer();
  const values = submittedValues(formData);
  const input = manualBankAccountInput.safeParse(values);
  if (!input.success) return invalid(input.error, values);
  try {
    await addManualBankAccount(await getDb(), actor, input.data);
  } catch (error) {
    return failed(error, values);
  }
  revalidatePath("/");
  return { status: "success" };
}

export async function setDeveloperModeAction(enabled: unknown): Promise<void> {
  const { user } = await requireViewer();
  await setDeveloperMode(await getDb(), user.id, z.boolean().parse(enabled));
  revalidatePath("/", "layout");
}

/** The user menu's "Language": one of the interface's languages, or null to follow the browser. */
export async function setLanguageAction(language: unknown): Promise<void> {
  const { user } = await requireViewer();
  await setLanguage(await getDb(), user.id, z.enum(languages).nullable().parse(language));
  revalidatePath("/", "layout");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
