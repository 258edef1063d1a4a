import type { z } from "zod";
import { plaidError } from "./responses";

/** Validates a request body against its schema; a failure answers Plaid's 400 for that field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "body";
  const missing = issue?.code === "invalid_type" && issue.input === undefined;
  return {
    ok: false,
    response: missing
      ? plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS", `the following required fields are missing: ${field}`)
      : plaidError(400, "INVALID_REQUEST", "INVALID_FIELD", `${field}: ${issue?.message ?? "is invalid"}`),
  };
}
