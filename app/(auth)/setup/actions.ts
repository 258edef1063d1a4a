"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { createCompanyWithAdmin } from "@/lib/banksync/companies";
import { setupInput } from "@/lib/banksync/inputs";
import { failed, invalid, submittedValues } from "@/lib/form-errors";
import type { FormState } from "@/lib/form-state";
import { isSetUp } from "@/lib/session";

export async function createAccount(_prev: FormState, formData: FormData): Promise<FormState> {
  if (await isSetUp()) redirect("/login");
  const values = submittedValues(formData);
  const input = setupInput.safeParse({ ...values, password: formData.get("password") });
  if (!input.success) return invalid(input.error, values);
  try {
    await createCompanyWithAdmin(await getDb(), input.data);
  } catch (error) {
    return failed(error, values);
  }
  await signIn("credentials", { email: input.data.email, password: input.data.password, redirectTo: "/" });
  return { status: "success" };
}
