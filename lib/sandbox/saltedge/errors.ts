import { json } from "../respond";

/** Where Salt Edge points every error; the adapter only keeps it for support. */
const DOCUMENTATION_URL = "https://docs.saltedge.com/v6/api_reference#errors";

/** Salt Edge's error shape: `{error: {class, message, documentation_url}}`. */
export function saltedgeError(status: number, errorClass: string, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: { class: errorClass, message, documentation_url: DOCUMENTATION_URL } }, status, headers);
}
