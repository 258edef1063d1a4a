import { z } from "zod";
import { serverTranslator } from "@/i18n/translate";
import { ForbiddenError, LockDateError, NotFoundError, ValidationError, type FieldMessage } from "@/lib/banksync/errors";
import type { FormState } from "./form-state";

/** The submitted text fields, to refill the form after an error so nothing typed is lost. */
export function submittedValues(formData: FormData, exclude: string[] = ["password"]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !exclude.includes(key)) values[key] = value;
  }
  return values;
}

type Say = (message: FieldMessage) => string;

/**
 * Says field messages in the request's language: a Message by its key, and a zod issue whose text is
 * a catalog key (`z.string().min(1, "Validation.required")`) likewise; other text stays as it is.
 */
export async function sayer(): Promise<Say> {
  const t = await serverTranslator();
  return (m) => (typeof m === "string" ? (t.has(m) ? t(m) : m) : t(m.key, m.values));
}

function sayAll(say: Say, fieldErrors: Record<string, FieldMessage[] | undefined>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, messages]) => [field, (messages ?? []).map(say)]));
}

export async function invalid(error: z.ZodError, values: Record<string, string>): Promise<FormState> {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  return { status: "error", fieldErrors: sayAll(await sayer(), fieldErrors), values };
}

/** The field errors of a ValidationError, said in the request's language. */
export async function fieldErrorsOf(error: ValidationError): Promise<Record<string, string[]>> {
  return sayAll(await sayer(), error.fieldErrors);
}

/**
 * What the user is told about a domain error, in the request's language; null for an unexpected
 * error, which the caller answers with a reference (and logs) instead.
 */
export async function userMessage(error: unknown): Promise<string | null> {
  if (error instanceof ValidationError) {
    const say = await sayer();
    return Object.values(error.fieldErrors).flat().map(say).join(" ");
  }
  if (error instanceof LockDateError || error instanceof ForbiddenError || error instanceof NotFoundError) {
    return (await sayer())(error.userMessage);
  }
  return null;
}

/**
 * Turns a domain error into what the form shows. Anything unexpected is rethrown: Next answers it
 * with the error page and its digest, and nothing was written (the domain writes in transactions).
 */
export async function failed(error: unknown, values: Record<string, string>, dateField = "date"): Promise<FormState> {
  if (error instanceof ValidationError) return { status: "error", fieldErrors: await fieldErrorsOf(error), values };
  if (error instanceof LockDateError) {
    const text = (await sayer())(error.userMessage);
    return { status: "error", fieldErrors: { [dateField]: [text] }, message: text, values };
  }
  if (error instanceof ForbiddenError || error instanceof NotFoundError) return { status: "error", message: (await sayer())(error.userMessage), values };
  throw error;
}

export type Refusal = { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/**
 * The answer to a domain error the user can act on, in the request's language, for actions that answer
 * `{ok}` objects; anything else is rethrown (Next shows its digest, and nothing was written).
 */
export async function refusal(error: unknown): Promise<Refusal> {
  const text = await userMessage(error);
  if (text === null) throw error;
  return error instanceof ValidationError ? { ok: false, message: text, fieldErrors: await fieldErrorsOf(error) } : { ok: false, message: text };
}
