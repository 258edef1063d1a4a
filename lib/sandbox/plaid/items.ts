import { decimalToMinor, toDecimalString } from "@/lib/money";
import { accountTransactions, balanceOf, getState, sandboxNow, sandboxToday } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey, providerIdFor, type WorldAccount, type WorldInstitution } from "../world";
import { plaidInstitutionId } from "./institutions";
import { records, type ItemRecord } from "./records";
import { itemLoginRequired, plaidError } from "./responses";

/** Items (one per bank login) and their accounts as Plaid shows them. */

export type LoadedItem = { item: ItemRecord; institution: WorldInstitution; accounts: WorldAccount[] };

/**
 * The Item behind an access token, or Plaid's error for it. `usable` calls (data products) also
 * refuse an Item whose login must be repaired in update mode, as Plaid does.
 */
export async function loadItem(ctx: SandboxContext, accessToken: string, usable: boolean): Promise<LoadedItem | Response> {
  if (!accessToken.startsWith("access-")) {
    return plaidError(400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "provided access token is in an invalid format. expected format: access-<environment>-<identifier>");
  }
  const item = await records.item.get(ctx.db, accessToken);
  const institution = item ? institutionByKey(item.institutionKey) : undefined;
  if (!item || !institution) {
    return plaidError(400, "ITEM_ERROR", "ITEM_NOT_FOUND", "the Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user");
  }
  if (usable && (item.loginRequired || (await consentExpired(ctx, item)))) return itemLoginRequired();
  const accounts = institution.accounts.filter((a) => item.accountKeys.includes(a.key));
  return { item, institution, accounts };
}

async function consentExpired(ctx: SandboxContext, item: ItemRecord): Promise<boolean> {
  return item.consentExpiresAt !== null && Date.parse(item.consentExpiresAt) <= (await sandboxNow(ctx.db)).getTime();
}

export function plaidAccountId(account: WorldAccount): string {
  return providerIdFor("plaid", account.key);
}

/** Plaid's account type: credit cards are "credit" (balances owed), everything else a depository account. */
export function accountKind(account: WorldAccount): { type: string; subtype: string } {
  if (/credit card/i.test(account.name)) return { type: "credit", subtype: "credit card" };
  if (/savings/i.test(account.name)) return { type: "depository", subtype: "savings" };
  return { type: "depository", subtype: "checking" };
}

export function accountMask(account: WorldAccount): string {
  return account.number.slice(-4);
}

function plaidNumber(minor: bigint, currency: string): number {
  return Number(toDecimalString(minor, currency));
}

export async function accountJson(ctx: SandboxContext, institution: WorldInstitution, account: WorldAccount) {
  const today = await sandboxToday(ctx.db);
  const { resetOn } = await getState(ctx.db);
  const transactions = await accountTransactions(ctx.db, institution, account, today, resetOn);
  const booked = decimalToMinor(balanceOf(account, transactions), account.currency);
  const pending = transactions
    .filter((t) => t.status === "pending" && t.currency === account.currency)
    .reduce((sum, t) => sum + decimalToMinor(t.amount, t.currency), 0n);
  const kind = accountKind(account);
  // Plaid reports a credit account's balance as the amount owed: positive when the customer owes.
  const balances =
    kind.type === "credit"
      ? { current: plaidNumber(-booked, account.currency), available: null, limit: null }
      : { current: plaidNumber(booked, account.currency), available: plaidNumber(booked + pending, account.currency), limit: null };
  return {
    account_id: plaidAccountId(account),
    balances: { ...balances, iso_currency_code: account.currency, unofficial_currency_code: null },
    mask: accountMask(account),
    name: account.name,
    official_name: `${institution.name} ${account.name}`,
    persistent_account_id: null,
    ...kind,
  };
}

export function itemJson(loaded: Pick<LoadedItem, "item" | "institution">) {
  const { item, institution } = loaded;
  return {
    item_id: item.itemId,
    institution_id: plaidInstitutionId(institution),
    webhook: item.webhook,
    error: item.loginRequired
      ? { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", error_message: "the login details of this item have changed", display_message: null }
      : null,
    available_products: ["assets", "balance"],
    billed_products: ["transactions"],
    products: ["transactions"],
    consented_products: ["transactions"],
    consent_expiration_time: item.consentExpiresAt,
    update_type: "background",
  };
}
