"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { serverTranslator } from "@/i18n/translate";
import { signIn, SignInLocked } from "@/lib/auth";
import { invalid, submittedValues } from "@/lib/form-errors";
import { localPath } from "@/lib/redirect";
import type { FormState } from "@/lib/form-state";

const loginInput = z.object({
  email: z.string().trim().min(1, "Login.enterEmail"),
  password: z.string().min(1, "Login.enterPassword"),
  next: z.string().optional(),
});

export async function logIn(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = submittedValues(formData);
  const parsed = loginInput.safeParse({ ...values, password: formData.get("password") ?? "" });
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    // Slowed and locked by the throttle in lib/auth.ts; ends with a redirect (thrown) when the password is right.
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: localPath(parsed.data.next),
    });
  } catch (error) {
    // Says to wait, and nothing about the address: unknown ones are locked the same way.
    if (error instanceof SignInLocked) {
      const minutes = Math.max(1, Math.ceil(error.retryAfterMs / 60_000));
      return { status: "error", message: (await serverTranslator())("Login.locked", { minutes }), values };
    }
    if (error instanceof AuthError) return { status: "error", message: (await serverTranslator())("Login.wrongCredentials"), values };
    throw error;
  }
  return { status: "success" };
}
