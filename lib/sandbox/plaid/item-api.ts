import { sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { itemJson, loadItem } from "./items";
import { parseBody } from "./parse";
import { records } from "./records";
import { plaidError, plaidOk, plaidTime } from "./responses";
import { accessTokenRequest, publicTokenExchangeRequest } from "./schemas";

export async function publicTokenExchange(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(publicTokenExchangeRequest, body);
  if (!parsed.ok) return parsed.response;
  const token = await records.publicToken.get(ctx.db, parsed.data.public_token);
  const now = await sandboxNow(ctx.db);
  if (!token || Date.parse(token.expiresAt) <= now.getTime() || !(await records.item.get(ctx.db, token.accessToken))) {
    return plaidError(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged");
  }
  return plaidOk({ access_token: token.accessToken, item_id: token.itemId });
}

export async function itemGet(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(accessTokenRequest, body);
  if (!parsed.ok) return parsed.response;
  const loaded = await loadItem(ctx, parsed.data.access_token, false);
  if (loaded instanceof Response) return loaded;
  return plaidOk({
    item: itemJson(loaded),
    status: { transactions: { last_successful_update: plaidTime(await sandboxNow(ctx.db)), last_failed_update: null }, last_webhook: null },
  });
}

/** Revokes the Item: its access token stops working at once. Plaid keeps no record the user must remove. */
export async function itemRemove(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(accessTokenRequest, body);
  if (!parsed.ok) return parsed.response;
  const loaded = await loadItem(ctx, parsed.data.access_token, false);
  if (loaded instanceof Response) return loaded;
  await records.item.remove(ctx.db, loaded.item.accessToken);
  return plaidOk({});
}

/** Plaid's own sandbox endpoint: forces ITEM_LOGIN_REQUIRED so update mode can be exercised. */
export async function sandboxItemResetLogin(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(accessTokenRequest, body);
  if (!parsed.ok) return parsed.response;
  const loaded = await loadItem(ctx, parsed.data.access_token, false);
  if (loaded instanceof Response) return loaded;
  await records.item.put(ctx.db, { ...loaded.item, loginRequired: true });
  return plaidOk({ reset_login: true });
}
