import type { ProviderSandbox, SandboxContext } from "../types";
import {
  connectRoute,
  deleteConnectionRoute,
  listConnectionsRoute,
  reconnectRoute,
  refreshRoute,
  showConnectionRoute,
} from "./connections";
import { createCustomerRoute, listCustomersRoute, showCustomerRoute } from "./customers";
import {
  listAccountsRoute,
  listConsentsRoute,
  listProvidersRoute,
  listTransactionsRoute,
  revokeConsentRoute,
  showProviderRoute,
} from "./data";
import { saltedgeError } from "./errors";
import { allow, cancel, removeKeptRecords } from "./flow";
import { checkCredentials } from "./request";

/**
 * Salt Edge's Account Information API v6 under /sandbox/saltedge/api/v6/ (PROVIDERS.md, SANDBOX.md).
 * Deviations from the real service, all on purpose:
 * - no request signatures (live apps sign; the sandbox checks App-id and Secret only);
 * - `GET customers?identifier=` filters by identifier, so a client can find its customer after a
 *   409 DuplicatedCustomer;
 * - refresh and background_refresh finish their attempt at once and answer the connection, or the
 *   attempt's error (Sandbox MFA Bank and Sandbox Manual Bank refuse background refreshes);
 * - the consent pages redirect to `return_to` with `connection_id`, or with `error_class` and
 *   `error_message` (ConnectionCancelled, ConnectionDuplicated).
 */

const API_ROOT = "api/v6/";

async function route(request: Request, path: string, ctx: SandboxContext): Promise<Response> {
  const url = new URL(request.url);
  const [resource, id, action, ...rest] = path.split("/").filter(Boolean);
  const method = request.method;
  if (rest.length === 0) {
    switch (resource) {
      case "providers":
        if (method === "GET" && !id) return listProvidersRoute(url);
        if (method === "GET" && id && !action) return showProviderRoute(id);
        break;
      case "customers":
        if (method === "POST" && !id) return createCustomerRoute(request, ctx);
        if (method === "GET" && !id) return listCustomersRoute(url, ctx);
        if (method === "GET" && id && !action) return showCustomerRoute(id, ctx);
        break;
      case "connections":
        if (method === "POST" && id === "connect" && !action) return connectRoute(request, ctx);
        if (method === "GET" && !id) return listConnectionsRoute(url, ctx);
        if (method === "GET" && id && !action) return showConnectionRoute(id, ctx);
        if (method === "DELETE" && id && !action) return deleteConnectionRoute(id, ctx);
        if (method === "POST" && id && action === "reconnect") return reconnectRoute(request, id, ctx);
        if (method === "POST" && id && action === "refresh") return refreshRoute(id, false, ctx);
        if (method === "POST" && id && action === "background_refresh") return refreshRoute(id, true, ctx);
        break;
      case "accounts":
        if (method === "GET" && !id) return listAccountsRoute(url, ctx);
        break;
      case "transactions":
        if (method === "GET" && !id) return listTransactionsRoute(url, ctx);
        break;
      case "consents":
        if (method === "GET" && !id) return listConsentsRoute(url, ctx);
        if (method === "PUT" && id && action === "revoke") return revokeConsentRoute(id, ctx);
        break;
    }
  }
  return saltedgeError(404, "RouteNotFound", `${method} /api/v6/${path} is not a Salt Edge route.`);
}

export const saltedgeSandbox: ProviderSandbox = {
  provider: "saltedge",

  async handle(request, path, ctx) {
    if (!path.startsWith(API_ROOT)) return saltedgeError(404, "RouteNotFound", `/${path} is not a Salt Edge route.`);
    const refused = checkCredentials(request);
    if (refused) return refused;
    return route(request, path.slice(API_ROOT.length), ctx);
  },

  faultResponse(mode) {
    if (mode === "rate_limit") {
      return saltedgeError(429, "RateLimitExceeded", "Too many requests: the limit of this client was exceeded. Retry later.", { "retry-after": "60" });
    }
    return saltedgeError(500, "ProviderUnavailable", "The provider is temporarily unavailable. Try again later.");
  },

  onAllow: allow,
  onCancel: cancel,
  removeAtProvider: removeKeptRecords,
};
