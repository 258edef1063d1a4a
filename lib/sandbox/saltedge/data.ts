import { json } from "../respond";
import { accountTransactions, balanceOf, getState, sandboxNow, sandboxToday, type BankTransaction } from "../store";
import type { SandboxContext } from "../types";
import { historyStart, institutionByKey, providerIdFor, type WorldAccount } from "../world";
import { institutionByCode, providerIdOf, providerJson, saltedgeInstitutions } from "./catalog";
import { saltedgeError } from "./errors";
import { pageOf } from "./paging";
import { connections, consents, type ConnectionRecord, type ConsentRecord } from "./records";
import { requiredParam } from "./request";

/** `GET providers[?country_code=]`: every institution Salt Edge serves, 100 a page. */
export function listProvidersRoute(url: URL): Response {
  const country = url.searchParams.get("country_code")?.toUpperCase() ?? null;
  const list = country ? saltedgeInstitutions().filter((i) => i.country === country) : saltedgeInstitutions();
  const page = pageOf(list, providerIdOf, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any provider.");
  return json({ data: page.data.map(providerJson), meta: page.meta });
}

export function showProviderRoute(code: string): Response {
  const institution = institutionByCode(code);
  if (!institution) return saltedgeError(404, "ProviderNotFound", `Provider with code ${code} was not found.`);
  return json({ data: providerJson(institution) });
}

async function connectionParam(url: URL, ctx: SandboxContext): Promise<ConnectionRecord | Response> {
  const id = requiredParam(url, "connection_id");
  if (id instanceof Response) return id;
  const connection = await connections.get(ctx.db, id);
  return connection ?? saltedgeError(404, "ConnectionNotFound", `Connection with id ${id} was not found.`);
}

function sharedAccounts(connection: ConnectionRecord): WorldAccount[] {
  return institutionByKey(connection.institution_key)!.accounts.filter((a) => connection.account_keys.includes(a.key));
}

const natures: Record<string, string> = { checking: "account", savings: "savings", card: "credit_card" };

/** `GET accounts?connection_id=`: the accounts the user shared, with their balance today. */
export async function listAccountsRoute(url: URL, ctx: SandboxContext): Promise<Response> {
  const connection = await connectionParam(url, ctx);
  if (connection instanceof Response) return connection;
  const institution = institutionByKey(connection.institution_key)!;
  const [today, state] = [await sandboxToday(ctx.db), await getState(ctx.db)];
  const accounts = await Promise.all(
    sharedAccounts(connection).map(async (account) => {
      const balance = balanceOf(account, await accountTransactions(ctx.db, institution, account, today, state.resetOn));
      return {
        id: providerIdFor("saltedge", account.key),
        connection_id: connection.id,
        name: account.name,
        nature: natures[account.name.toLowerCase()] ?? "account",
        // Salt Edge sends amounts as JSON numbers; the world's decimals are exact in a double.
        balance: Number(balance),
        currency_code: account.currency,
        extra: { iban: account.iban ?? undefined, account_number: account.number, status: "active" },
        created_at: connection.created_at,
        updated_at: connection.updated_at,
      };
    }),
  );
  const page = pageOf(accounts, (a) => a.id, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any account.");
  return json(page);
}

function transactionJson(accountId: string, t: BankTransaction) {
  return {
    // Salt Edge ids survive posting: a posted row that replaced a pending one keeps the pending id.
    id: `${accountId}-${t.replacesSuffix ?? t.suffix}`,
    account_id: accountId,
    duplicated: false,
    mode: "normal",
    status: t.status,
    made_on: t.date,
    amount: Number(t.amount),
    currency_code: t.currency,
    description: t.description,
    category: "uncategorized",
    extra: { id: t.suffix, posting_date: t.status === "posted" ? t.date : undefined },
    created_at: `${t.date}T00:00:00Z`,
    updated_at: `${t.date}T00:00:00Z`,
  };
}

/**
 * `GET transactions?connection_id=&account_id=[&pending=true]`: posted by default, pending with
 * pending=true, oldest first, from the later of the provider's history limit and the consent's from_date.
 */
export async function listTransactionsRoute(url: URL, ctx: SandboxContext): Promise<Response> {
  const connection = await connectionParam(url, ctx);
  if (connection instanceof Response) return connection;
  const accountId = requiredParam(url, "account_id");
  if (accountId instanceof Response) return accountId;
  const account = sharedAccounts(connection).find((a) => providerIdFor("saltedge", a.key) === accountId);
  if (!account) return saltedgeError(404, "AccountNotFound", `Account with id ${accountId} was not found.`);
  const consent = connection.last_consent_id ? await consents.get(ctx.db, connection.last_consent_id) : null;
  if (consent && !consent.scopes.includes("transactions")) {
    return saltedgeError(406, "ConsentScopeMissing", "The consent of this connection does not cover transactions.");
  }

  const institution = institutionByKey(connection.institution_key)!;
  const [today, state] = [await sandboxToday(ctx.db), await getState(ctx.db)];
  const limit = historyStart(institution, today);
  const start = consent?.from_date && consent.from_date > limit ? consent.from_date : limit;
  const status = url.searchParams.get("pending") === "true" ? "pending" : "posted";
  const list = (await accountTransactions(ctx.db, institution, account, today, state.resetOn))
    .filter((t) => t.status === status && t.date >= start)
    .map((t) => transactionJson(accountId, t));
  const page = pageOf(list, (t) => t.id, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any transaction.");
  return json(page);
}

function consentJson(consent: ConsentRecord, now: Date) {
  const expired = Date.parse(consent.expires_at) <= now.getTime();
  return { ...consent, status: consent.revoked_at ? "revoked" : expired ? "expired" : "active" };
}

/** `GET consents?connection_id=`. */
export async function listConsentsRoute(url: URL, ctx: SandboxContext): Promise<Response> {
  const connection = await connectionParam(url, ctx);
  if (connection instanceof Response) return connection;
  const now = await sandboxNow(ctx.db);
  const list = (await consents.ofConnection(ctx.db, connection.id)).map((c) => consentJson(c, now));
  const page = pageOf(list, (c) => c.id, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any consent.");
  return json(page);
}

/** `PUT consents/{id}/revoke`: idempotent, a revoked consent stays revoked at its first date. */
export async function revokeConsentRoute(id: string, ctx: SandboxContext): Promise<Response> {
  const consent = await consents.get(ctx.db, id);
  if (!consent) return saltedgeError(404, "ConsentNotFound", `Consent with id ${id} was not found.`);
  const now = await sandboxNow(ctx.db);
  const revoked = consent.revoked_at ? consent : { ...consent, revoked_at: now.toISOString() };
  await consents.save(ctx.db, revoked);
  return json({ data: consentJson(revoked, now) });
}
