import { z } from "zod";
import { ForbiddenError, LockDateError, NotFoundError, ValidationError } from "@/lib/banksync/errors";
import type { FormState } from "./form-state";

/** The submitted text fields, to refill the form after an error so nothing typed is lost. */
export function submittedValues(formData: FormData, exclude: string[] = ["password"]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !exclude.includes(key)) values[key] = value;
  }
  return values;
}

export function invalid(error: z.ZodError, values: Record<string, string>): FormState {
  return { status: "error", fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>, values };
}

/**
 * Turns a domain error into what the form shows. Anything unexpected is rethrown: Next answers it
 * with the error page and its digest, and nothing was written (the domain writes in transactions).
 */
export function failed(error: unknown, values: Record<string, string>, dateField = "date"): FormState {
  if (error instanceof ValidationError) return { status: "error", fieldErrors: error.fieldErrors, values };
  if (error instanceof LockDateError) {
    return { status: "error", fieldErrors: { [dateField]: [error.message] }, message: error.message, values };
  }
  if (error instanceof ForbiddenError || error instanceof NotFoundError) return { status: "error", message: error.message, values };
  throw error;
}
