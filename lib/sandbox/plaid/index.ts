import { sandboxCredentials } from "../credentials";
import type { ProviderSandbox, SandboxContext } from "../types";
import { accountsGet } from "./accounts-api";
import { institutionsGet, institutionsGetById } from "./institutions";
import { itemGet, itemRemove, publicTokenExchange, sandboxItemResetLogin } from "./item-api";
import { linkTokenCreate, linkTokenGet, onAllow, onCancel } from "./link-api";
import { plaidError } from "./responses";
import { transactionsSync } from "./transactions-api";

/**
 * The emulated Plaid API (version 2020-09-14) under /sandbox/plaid/: every call is a POST of JSON,
 * authenticated by PLAID-CLIENT-ID / PLAID-SECRET headers or `client_id` / `secret` in the body.
 */

type Endpoint = (ctx: SandboxContext, body: unknown) => Promise<Response>;

const endpoints: Record<string, Endpoint> = {
  "institutions/get": institutionsGet,
  "institutions/get_by_id": institutionsGetById,
  "link/token/create": linkTokenCreate,
  "link/token/get": linkTokenGet,
  "item/public_token/exchange": publicTokenExchange,
  "item/get": itemGet,
  "item/remove": itemRemove,
  "accounts/get": accountsGet,
  "accounts/balance/get": accountsGet,
  "transactions/sync": transactionsSync,
  "sandbox/item/reset_login": sandboxItemResetLogin,
};

function credentialsError(request: Request, body: Record<string, unknown>): Response | null {
  const clientId = request.headers.get("plaid-client-id") ?? body.client_id;
  const secret = request.headers.get("plaid-secret") ?? body.secret;
  const missing = [clientId === undefined || clientId === null ? "client_id" : null, secret === undefined || secret === null ? "secret" : null].filter(Boolean);
  if (missing.length > 0) {
    return plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS", `the following required fields are missing: ${missing.join(", ")}`);
  }
  if (clientId !== sandboxCredentials.plaid.clientId || secret !== sandboxCredentials.plaid.secret) {
    return plaidError(400, "INVALID_INPUT", "INVALID_API_KEYS", "invalid client_id or secret provided");
  }
  return null;
}

async function readJsonObject(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = JSON.parse(await request.text());
    return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const plaidSandbox: ProviderSandbox = {
  provider: "plaid",

  async handle(request, path, ctx) {
    const endpoint = endpoints[path.replace(/\/+$/, "")];
    if (!endpoint) return plaidError(404, "INVALID_REQUEST", "NOT_FOUND", `the requested endpoint /${path} was not found`);
    if (request.method !== "POST") return plaidError(405, "INVALID_REQUEST", "INVALID_HTTP_METHOD", "Plaid endpoints only accept POST requests");
    const body = await readJsonObject(request);
    if (!body) return plaidError(400, "INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as a JSON object");
    return credentialsError(request, body) ?? endpoint(ctx, body);
  },

  faultResponse(mode) {
    return mode === "http500"
      ? plaidError(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "an unexpected error occurred", {
          displayMessage: "Something went wrong. Please try again later.",
        })
      : plaidError(429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED", "rate limit exceeded for this client, please retry later", {
          headers: { "retry-after": "60" },
        });
  },

  onAllow,
  onCancel,
};
