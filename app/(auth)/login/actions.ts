"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, SignInLocked } from "@/lib/auth";
import { submittedValues } from "@/lib/form-errors";
import { localPath } from "@/lib/redirect";
import type { FormState } from "@/lib/form-state";

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  next: z.string().optional(),
});

/** Says to wait, and nothing about the address: unknown ones are locked the same way. */
function lockedMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again.`;
}

export async function logIn(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = submittedValues(formData);
  const parsed = loginInput.safeParse({ ...values, password: formData.get("password") ?? "" });
  if (!parsed.success) {
    return { status: "error", fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  }
  try {
    // Slowed and locked by the throttle in lib/auth.ts; ends with a redirect (thrown) when the password is right.
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: localPath(parsed.data.next),
    });
  } catch (error) {
    if (error instanceof SignInLocked) return { status: "error", message: lockedMessage(error.retryAfterMs), values };
    if (error instanceof AuthError) return { status: "error", message: "Wrong email or password.", values };
    throw error;
  }
  return { status: "success" };
}
