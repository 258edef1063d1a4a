import { randomBytes } from "node:crypto";
import { sandboxCredentials } from "../credentials";
import { json } from "../respond";
import { sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { getRecord, kinds, putRecord, type TokenRecord } from "./records";
import { gocardlessError, readJsonObject } from "./responses";

/** Lifetimes GoCardless gives its tokens, in seconds. */
export const ACCESS_SECONDS = 24 * 3600;
export const REFRESH_SECONDS = 30 * 24 * 3600;

function newToken(): string {
  return randomBytes(24).toString("base64url");
}

async function issue(ctx: SandboxContext, kind: typeof kinds.access | typeof kinds.refresh, seconds: number): Promise<string> {
  const token = newToken();
  const now = await sandboxNow(ctx.db);
  await putRecord<TokenRecord>(ctx.db, kind, token, { expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() });
  return token;
}

async function valid(ctx: SandboxContext, kind: typeof kinds.access | typeof kinds.refresh, token: string): Promise<boolean> {
  const record = await getRecord<TokenRecord>(ctx.db, kind, token);
  return record !== null && Date.parse(record.expiresAt) > (await sandboxNow(ctx.db)).getTime();
}

/** POST token/new/ — only the sandbox's own secret id and key open it. */
export async function createToken(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const expected = sandboxCredentials.gocardless;
  if (body.secret_id !== expected.secretId || body.secret_key !== expected.secretKey) {
    return gocardlessError(401, "Authentication failed", "No active account found with the given credentials");
  }
  return json({
    access: await issue(ctx, kinds.access, ACCESS_SECONDS),
    access_expires: ACCESS_SECONDS,
    refresh: await issue(ctx, kinds.refresh, REFRESH_SECONDS),
    refresh_expires: REFRESH_SECONDS,
  });
}

/** POST token/refresh/ */
export async function refreshToken(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  if (typeof body.refresh !== "string" || body.refresh === "") {
    return gocardlessError(400, "refresh: This field is required.", "This field is required.");
  }
  if (!(await valid(ctx, kinds.refresh, body.refresh))) {
    return gocardlessError(401, "Invalid token", "Token is invalid or expired", { type: "token_not_valid" });
  }
  return json({ access: await issue(ctx, kinds.access, ACCESS_SECONDS), access_expires: ACCESS_SECONDS });
}

/** Null when the request carries a live access token, else GoCardless's 401. */
export async function authenticate(request: Request, ctx: SandboxContext): Promise<Response | null> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) {
    return gocardlessError(401, "Authentication credentials were not provided.", "Authentication credentials were not provided.");
  }
  if (!(await valid(ctx, kinds.access, match[1]!))) {
    return gocardlessError(401, "Invalid token", "Token is invalid or expired", { type: "token_not_valid" });
  }
  return null;
}
