import { APP_ORIGIN } from "./request-context";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A URL as the matrix writes it: the path on our origin, ids as <id>. */
function local(url: string): string {
  return (url.startsWith(APP_ORIGIN) ? url.slice(APP_ORIGIN.length) || "/" : url).replace(UUID, "<id>");
}

/** A thrown error: Next's redirect() (what requireViewer does without a session) or anything else. */
function thrown(error: unknown): string {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return `redirect ${local(digest.split(";")[2] ?? "")}`;
  return error instanceof Error ? `throws ${error.name}: ${error.message}` : `throws ${String(error)}`;
}

type Answer = { ok?: boolean; status?: string; message?: string; error?: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * What a call did, in one line the matrix can name: "ok", "refused: <message>", "redirect /login",
 * "401 Sign in first.", "303 → /connect/done?attempt=<id>", "done" (an action that answers nothing).
 */
export async function outcomeOf(call: () => Promise<unknown>): Promise<string> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    return thrown(error);
  }
  if (value instanceof Response) {
    let text = String(value.status);
    const location = value.headers.get("location");
    if (location) text += ` → ${local(location)}`;
    if ((value.headers.get("content-type") ?? "").includes("json")) {
      const body = (await value.clone().json()) as { error?: unknown } | null;
      if (typeof body?.error === "string") text += ` ${body.error}`;
    }
    return text;
  }
  if (value === undefined) return "done";
  const answer = value as Answer;
  // The domain's answers ({ ok }) and the forms' (FormState { status }).
  if (answer.ok === true || answer.status === "success") return "ok";
  if (answer.ok === false || answer.status === "error") {
    return `refused: ${answer.message ?? answer.error ?? Object.values(answer.fieldErrors ?? {}).flat().join(" ")}`;
  }
  return `answered ${JSON.stringify(value)}`;
}
