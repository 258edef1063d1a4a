import { json } from "../respond";

/**
 * GoCardless answers every failure as `{summary, detail, status_code, type?}` (PROVIDERS.md); the
 * adapter decides on the status and these fields, so the sandbox must use the same shape everywhere.
 */
export function gocardlessError(status: number, summary: string, detail: string, options: { type?: string; headers?: Record<string, string> } = {}): Response {
  return json({ summary, detail, status_code: status, ...(options.type ? { type: options.type } : {}) }, status, options.headers);
}

export function notFound(): Response {
  return gocardlessError(404, "Not found.", "Not found.");
}

export function methodNotAllowed(method: string): Response {
  return gocardlessError(405, `Method "${method}" not allowed.`, `Method "${method}" not allowed.`);
}

/** The JSON object of a request body, or the 400 GoCardless gives for anything else. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | Response> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // Falls through to the same 400 as a non-object body.
  }
  return gocardlessError(400, "JSON parse error", "The request body is not a JSON object.");
}
