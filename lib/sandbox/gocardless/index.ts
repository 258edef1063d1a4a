import { json } from "../respond";
import type { ProviderSandbox, SandboxContext } from "../types";
import { getAccount, getBalances, getDetails, getTransactions } from "./accounts";
import { createAgreement, deleteAgreement, getAgreement } from "./agreements";
import { getInstitution, listInstitutions } from "./institutions";
import { allowRequisition, cancelRequisition, createRequisition, deleteRequisition, getRequisition, listRequisitions } from "./requisitions";
import { gocardlessError, methodNotAllowed, notFound } from "./responses";
import { authenticate, createToken, refreshToken } from "./tokens";

/** Seconds the emulated platform limit asks callers to wait. */
const RATE_LIMIT_SECONDS = 60;

type Route = { method: string; handle: (ctx: SandboxContext) => Promise<Response> | Response };

/** The authenticated routes of `segments` (the path after api/v2/, without its trailing slash). */
function routes(request: Request, url: URL, segments: string[]): Route[] {
  const [first, second, third] = segments;
  const n = segments.length;
  if (first === "institutions" && n === 1) return [{ method: "GET", handle: () => listInstitutions(url) }];
  if (first === "institutions" && n === 2) return [{ method: "GET", handle: () => getInstitution(second!) }];
  if (first === "agreements" && second === "enduser" && n === 2) return [{ method: "POST", handle: (ctx) => createAgreement(request, ctx) }];
  if (first === "agreements" && second === "enduser" && n === 3) {
    return [
      { method: "GET", handle: (ctx) => getAgreement(ctx, third!) },
      { method: "DELETE", handle: (ctx) => deleteAgreement(ctx, third!) },
    ];
  }
  if (first === "requisitions" && n === 1) {
    return [
      { method: "GET", handle: (ctx) => listRequisitions(ctx, url) },
      { method: "POST", handle: (ctx) => createRequisition(request, ctx) },
    ];
  }
  if (first === "requisitions" && n === 2) {
    return [
      { method: "GET", handle: (ctx) => getRequisition(ctx, second!) },
      { method: "DELETE", handle: (ctx) => deleteRequisition(ctx, second!) },
    ];
  }
  if (first === "accounts" && n === 2) return [{ method: "GET", handle: (ctx) => getAccount(ctx, second!) }];
  if (first === "accounts" && n === 3) {
    if (third === "details") return [{ method: "GET", handle: (ctx) => getDetails(ctx, second!) }];
    if (third === "balances") return [{ method: "GET", handle: (ctx) => getBalances(ctx, second!) }];
    if (third === "transactions") return [{ method: "GET", handle: (ctx) => getTransactions(ctx, second!, url) }];
  }
  return [];
}

async function handle(request: Request, path: string, ctx: SandboxContext): Promise<Response> {
  const url = new URL(request.url);
  // The real API lives under api/v2/ and every path ends with a slash.
  if (!path.startsWith("api/v2/") || !path.endsWith("/")) return notFound();
  let segments: string[];
  try {
    segments = path.slice("api/v2/".length, -1).split("/").map(decodeURIComponent);
  } catch {
    return notFound();
  }
  if (segments.some((s) => s === "")) return notFound();

  if (segments.join("/") === "token/new") return request.method === "POST" ? createToken(request, ctx) : methodNotAllowed(request.method);
  if (segments.join("/") === "token/refresh") return request.method === "POST" ? refreshToken(request, ctx) : methodNotAllowed(request.method);

  const candidates = routes(request, url, segments);
  if (candidates.length === 0) return notFound();
  const unauthenticated = await authenticate(request, ctx);
  if (unauthenticated) return unauthenticated;
  const route = candidates.find((r) => r.method === request.method);
  return route ? route.handle(ctx) : methodNotAllowed(request.method);
}

/** GoCardless Bank Account Data, API v2, as PROVIDERS.md describes it and SANDBOX.md populates it. */
export const gocardlessSandbox: ProviderSandbox = {
  provider: "gocardless",
  handle,
  faultResponse(mode) {
    if (mode === "rate_limit") {
      return json(
        { summary: "Rate limit exceeded", detail: `Please try again in ${RATE_LIMIT_SECONDS} seconds`, status_code: 429 },
        429,
        {
          "retry-after": String(RATE_LIMIT_SECONDS),
          http_x_ratelimit_limit: "100",
          http_x_ratelimit_remaining: "0",
          http_x_ratelimit_reset: String(RATE_LIMIT_SECONDS),
        },
      );
    }
    return gocardlessError(500, "Internal Server Error", "An unexpected error occurred. Please try again later.");
  },
  onAllow: allowRequisition,
  onCancel: cancelRequisition,
};
