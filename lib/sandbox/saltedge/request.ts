import type { z } from "zod";
import { sandboxCredentials } from "../credentials";
import { saltedgeError } from "./errors";

/** Salt Edge's 401s: an unknown App-id is ClientNotFound, a wrong Secret for a known one WrongClientSecret. */
export function checkCredentials(request: Request): Response | null {
  const expected = sandboxCredentials.saltedge;
  const appId = request.headers.get("app-id");
  if (appId !== expected.appId) {
    return saltedgeError(401, "ClientNotFound", appId ? `Client with App-id ${appId} was not found.` : "App-id header is missing.");
  }
  if (request.headers.get("secret") !== expected.secret) {
    return saltedgeError(401, "WrongClientSecret", "The Secret does not match the App-id.");
  }
  return null;
}

/** Parses a `{"data": …}` body; answers Salt Edge's WrongRequestFormat when it does not fit. */
export async function readData<S extends z.ZodType>(request: Request, schema: S): Promise<{ data: z.infer<S> } | { error: Response }> {
  let body: unknown;
  try {
    const text = await request.text();
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { error: saltedgeError(400, "WrongRequestFormat", "The request body is not valid JSON.") };
  }
  const data = body && typeof body === "object" && "data" in body ? body.data : undefined;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `data.${issue.path.join(".")}`.replace(/\.$/, "") : "data";
    return { error: saltedgeError(400, "WrongRequestFormat", `${where}: ${issue?.message ?? "is invalid"}`) };
  }
  return { data: parsed.data };
}

/** A required query parameter, or Salt Edge's answer for a missing one. */
export function requiredParam(url: URL, name: string): string | Response {
  const value = url.searchParams.get(name);
  return value ? value : saltedgeError(400, "WrongRequestFormat", `Parameter ${name} is required.`);
}
