import type { ProviderSandbox, SandboxContext } from "../types";
import { accountBalances, accountDetails, accountTransactionsPage } from "./accounts";
import { listAspsps } from "./aspsps";
import { allow, cancel, closeSession, createSession, readSession, startAuthorization } from "./consent";
import { ebError } from "./errors";
import { rejectUnauthorized } from "./jwt";

/** Seconds an armed rate_limit fault tells the caller to wait. */
const FAULT_RETRY_AFTER_S = 60;

function methodNotAllowed(method: string, path: string): Response {
  return ebError(405, "METHOD_NOT_ALLOWED", "Method not allowed", `${method} /${path}`);
}

async function route(request: Request, path: string, ctx: SandboxContext): Promise<Response> {
  const url = new URL(request.url);
  const parts = path.replace(/\/+$/, "").split("/").map(decodeURIComponent);
  const method = request.method;
  const [root, id, sub] = parts;

  if (root === "aspsps" && parts.length === 1) return method === "GET" ? listAspsps(url) : methodNotAllowed(method, path);
  if (root === "auth" && parts.length === 1) return method === "POST" ? startAuthorization(request, ctx) : methodNotAllowed(method, path);
  if (root === "sessions" && parts.length === 1) return method === "POST" ? createSession(request, ctx) : methodNotAllowed(method, path);
  if (root === "sessions" && id && parts.length === 2) {
    if (method === "GET") return readSession(ctx, id);
    if (method === "DELETE") return closeSession(ctx, id);
    return methodNotAllowed(method, path);
  }
  if (root === "accounts" && id && parts.length === 3) {
    if (method !== "GET") return methodNotAllowed(method, path);
    if (sub === "details") return accountDetails(ctx, id);
    if (sub === "balances") return accountBalances(ctx, id);
    if (sub === "transactions") return accountTransactionsPage(ctx, id, url);
  }
  return ebError(404, "NOT_FOUND", "Not found", `No endpoint ${method} /${path}`);
}

/**
 * The Enable Banking API as PROVIDERS.md describes it, served under /sandbox/enablebanking/:
 * every call carries the application's RS256 JWT; sessions expire by the sandbox clock.
 */
export const enablebankingSandbox: ProviderSandbox = {
  provider: "enablebanking",
  async handle(request, path, ctx) {
    const refusal = await rejectUnauthorized(request);
    if (refusal) return refusal;
    return route(request, path, ctx);
  },
  faultResponse(mode) {
    if (mode === "http500") return ebError(502, "ASPSP_ERROR", "Error interacting with ASPSP", "The bank did not answer as expected");
    // No reset instant in the body: a fault has no account and no sandbox clock to count from.
    return ebError(
      429,
      "ASPSP_RATE_LIMIT_EXCEEDED",
      "The ASPSP's rate limit has been exceeded",
      { retry_after: FAULT_RETRY_AFTER_S },
      { "retry-after": String(FAULT_RETRY_AFTER_S) },
    );
  },
  onAllow: allow,
  onCancel: cancel,
};
