import type { z } from "zod";
import { json } from "../respond";

/**
 * Enable Banking's error body as this project's contract states it (PROVIDERS.md):
 * `{code, message, detail}` with `code` a word such as EXPIRED_SESSION.
 */
export function ebError(status: number, code: string, message: string, detail: unknown = null, headers: Record<string, string> = {}): Response {
  return json({ code, message, detail }, status, headers);
}

export function notFound(what: string): Response {
  return ebError(404, "NOT_FOUND", `${what} not found`);
}

export function wrongParameters(detail: string): Response {
  return ebError(422, "WRONG_REQUEST_PARAMETERS", "Wrong request parameters provided", detail);
}

/** Parses a JSON request body with `schema`; a body that is not JSON or does not match is the API's 422. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return { ok: false, response: wrongParameters("The request body is not JSON") };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, response: wrongParameters(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")) };
}
