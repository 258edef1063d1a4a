import { createHash, randomBytes } from "node:crypto";
import { addDays } from "@/lib/dates";
import { accountTransactions, getState, sandboxToday, type BankTransaction } from "../store";
import type { SandboxContext } from "../types";
import { historyStart, type WorldAccount } from "../world";
import { loadItem, plaidAccountId } from "./items";
import { parseBody } from "./parse";
import { records } from "./records";
import { plaidError, plaidOk } from "./responses";
import { transactionsSyncRequest } from "./schemas";
import { deliver, syncChanges } from "./sync-diff";

/** /transactions/sync: a real diff against what the cursor already delivered, paged by `count`. */

/** Plaid's sign: positive = money out of the account, so the bank's signed amount is negated. */
function plaidAmount(amount: string): number {
  return Number(amount.startsWith("-") ? amount.slice(1) : `-${amount}`);
}

function transactionJson(account: WorldAccount, t: BankTransaction) {
  const accountId = plaidAccountId(account);
  return {
    transaction_id: `${accountId}-${t.suffix}`,
    account_id: accountId,
    account_owner: null,
    amount: plaidAmount(t.amount),
    iso_currency_code: t.currency,
    unofficial_currency_code: null,
    check_number: null,
    counterparties: [],
    date: t.date,
    datetime: null,
    authorized_date: t.date,
    authorized_datetime: null,
    location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
    logo_url: null,
    merchant_entity_id: null,
    merchant_name: null,
    name: t.description,
    payment_channel: "other",
    pending: t.status === "pending",
    // Plaid gives a posted row a new id and points it at the pending row it replaces.
    pending_transaction_id: t.replacesSuffix ? `${accountId}-${t.replacesSuffix}` : null,
    transaction_code: null,
    website: null,
  };
}

type TransactionJson = ReturnType<typeof transactionJson>;

function fingerprint(transaction: TransactionJson): string {
  return createHash("sha256").update(JSON.stringify(transaction)).digest("base64url").slice(0, 16);
}

function newCursor(): string {
  return randomBytes(36).toString("base64url");
}

export async function transactionsSync(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(transactionsSyncRequest, body);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  const loaded = await loadItem(ctx, input.access_token, true);
  if (loaded instanceof Response) return loaded;
  const { item, institution } = loaded;

  const accountId = input.options?.account_id ?? null;
  const accounts = accountId === null ? loaded.accounts : loaded.accounts.filter((a) => plaidAccountId(a) === accountId);
  if (accounts.length === 0 && accountId !== null) {
    return plaidError(400, "INVALID_INPUT", "INVALID_ACCOUNT_ID", "the account_id in options does not belong to this Item");
  }

  const cursor = input.cursor ?? "";
  const from = cursor === "" ? { itemId: item.itemId, accountId, delivered: {} } : await records.cursor.get(ctx.db, cursor);
  if (!from || from.itemId !== item.itemId) {
    return plaidError(400, "INVALID_REQUEST", "INVALID_FIELD", "cursor is invalid or belongs to another Item");
  }
  if (from.accountId !== accountId) {
    return plaidError(400, "INVALID_REQUEST", "INVALID_FIELD", "options.account_id must be the same as when the cursor was obtained");
  }
  if (ctx.fault === "mutation_during_pagination" && cursor !== "") {
    return plaidError(
      400,
      "TRANSACTIONS_ERROR",
      "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
      "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.",
    );
  }

  const today = await sandboxToday(ctx.db);
  const { resetOn } = await getState(ctx.db);
  // History reaches back to what the bank serves and to what the Item asked for when it was linked.
  const bankStart = historyStart(institution, today);
  const itemStart = addDays(item.createdOn, -item.daysRequested);
  const windowStart = bankStart > itemStart ? bankStart : itemStart;
  const current: TransactionJson[] = [];
  for (const account of accounts) {
    for (const t of await accountTransactions(ctx.db, institution, account, today, resetOn)) {
      if (t.date >= windowStart) current.push(transactionJson(account, t));
    }
  }

  const changes = syncChanges(current, from.delivered, windowStart, fingerprint);
  const page = changes.slice(0, input.count);
  let nextCursor = cursor;
  if (page.length > 0 || cursor === "") {
    nextCursor = newCursor();
    await records.cursor.put(ctx.db, nextCursor, { itemId: item.itemId, accountId, delivered: deliver(from.delivered, page) });
  }
  const withOriginal = (t: TransactionJson) => ({ ...t, original_description: input.options?.include_original_description ? t.name : null });
  return plaidOk({
    added: page.flatMap((c) => (c.kind === "added" ? [withOriginal(c.transaction)] : [])),
    modified: page.flatMap((c) => (c.kind === "modified" ? [withOriginal(c.transaction)] : [])),
    removed: page.flatMap((c) => (c.kind === "removed" ? [{ transaction_id: c.transactionId, account_id: c.accountId }] : [])),
    next_cursor: nextCursor,
    has_more: changes.length > page.length,
    transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
  });
}
