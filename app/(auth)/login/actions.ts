"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { submittedValues } from "@/lib/form-errors";
import { localPath } from "@/lib/redirect";
import { signInThrottle } from "@/lib/sign-in-throttle";
import type { FormState } from "@/lib/form-state";

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  next: z.string().optional(),
});

export async function logIn(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = submittedValues(formData);
  const parsed = loginInput.safeParse({ ...values, password: formData.get("password") ?? "" });
  if (!parsed.success) {
    return { status: "error", fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  }
  const throttle = signInThrottle();
  const key = parsed.data.email.toLowerCase();
  const wait = throttle.waitFor(key);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    return { status: "error", message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, values };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: localPath(parsed.data.next),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      throttle.failed(key);
      return { status: "error", message: "Wrong email or password.", values };
    }
    // signIn ends with a redirect (thrown) when the password was right.
    throttle.succeeded(key);
    throw error;
  }
  return { status: "success" };
}
