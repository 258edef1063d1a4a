import type { SandboxContext } from "../types";
import { accountJson, itemJson, loadItem, plaidAccountId } from "./items";
import { parseBody } from "./parse";
import { plaidError, plaidOk } from "./responses";
import { accountsGetRequest } from "./schemas";

/** /accounts/get and /accounts/balance/get: the same answer here, as balances are computed live. */
export async function accountsGet(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(accountsGetRequest, body);
  if (!parsed.ok) return parsed.response;
  const loaded = await loadItem(ctx, parsed.data.access_token, true);
  if (loaded instanceof Response) return loaded;
  const wanted = parsed.data.options?.account_ids;
  const accounts = wanted ? loaded.accounts.filter((a) => wanted.includes(plaidAccountId(a))) : loaded.accounts;
  if (wanted && accounts.length !== wanted.length) {
    return plaidError(400, "INVALID_INPUT", "INVALID_ACCOUNT_ID", "one or more of the account IDs is invalid");
  }
  return plaidOk({
    accounts: await Promise.all(accounts.map((a) => accountJson(ctx, loaded.institution, a))),
    item: itemJson(loaded),
  });
}
