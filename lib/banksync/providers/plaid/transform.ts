import { isCurrencyCode, numberToMinor } from "@/lib/money";
import type { NormalizedAccount, NormalizedBalance, NormalizedTransaction, ProviderInstitution, TransactionPage } from "../types";
import { invalidPlaidData } from "./errors";
import type { PlaidAccount, PlaidInstitution, PlaidTransaction, TransactionsSyncResponse } from "./schemas";

/** Pure functions from Plaid's JSON to the normalized vocabulary. */

/** Plaid gives no per-institution history limit; 730 days is the most /link/token/create may ask. */
export const PLAID_MAX_HISTORY_DAYS = 730;

function currencyOf(iso: string | null, unofficial: string | null | undefined, what: string): string {
  if (iso !== null && isCurrencyCode(iso)) return iso;
  throw invalidPlaidData(
    unofficial ? `${what} is in ${unofficial}, a currency Plaid reports as unofficial, which cannot be booked` : `${what} has no ISO currency code`,
  );
}

function minorOf(amount: number, currency: string, what: string): bigint {
  try {
    return numberToMinor(amount, currency);
  } catch (cause) {
    throw invalidPlaidData(`${what} has an amount ${amount} that is not a ${currency} amount`, cause);
  }
}

/** plaid.com sends a bare base64 PNG; anything already a URL is kept as it is. */
export function logoUrl(logo: string | null | undefined): string | null {
  if (!logo) return null;
  return /^(data:|https:\/\/)/.test(logo) ? logo : `data:image/png;base64,${logo}`;
}

/** One entry per country the institution serves among `countries` (ProviderInstitution is per country). */
export function institutionsFromPlaid(institution: PlaidInstitution, countries: readonly string[]): ProviderInstitution[] {
  return institution.country_codes
    .filter((country) => countries.includes(country))
    .map((country) => ({
      provider: "plaid",
      externalId: institution.institution_id,
      name: institution.name,
      country,
      bic: null,
      logo: logoUrl(institution.logo),
      historyDays: PLAID_MAX_HISTORY_DAYS,
      consentDays: null,
      autoFetch: true,
      refreshesPerDay: null,
      mfa: false,
      beta: false,
      psuTypes: ["personal", "business"],
    }));
}

/**
 * The account's booked balance, negative when money is owed: Plaid reports credit and loan
 * balances as the amount owed (positive), so those are negated.
 */
export function balanceFromPlaid(account: PlaidAccount): NormalizedBalance | null {
  const amount = account.balances.current ?? account.balances.available;
  if (amount === null) return null;
  const currency = currencyOf(account.balances.iso_currency_code, account.balances.unofficial_currency_code, `Account ${account.account_id}`);
  const minor = minorOf(amount, currency, `Account ${account.account_id}`);
  const owed = account.type === "credit" || account.type === "loan";
  return { amountMinor: owed ? -minor : minor, currency, referenceDate: null };
}

export function accountFromPlaid(account: PlaidAccount): NormalizedAccount {
  return {
    externalId: account.account_id,
    name: account.name,
    accountNumber: account.mask ?? null,
    iban: null,
    currency: currencyOf(account.balances.iso_currency_code, account.balances.unofficial_currency_code, `Account ${account.account_id}`),
    balance: balanceFromPlaid(account),
    raw: account,
  };
}

export function transactionFromPlaid(transaction: PlaidTransaction): NormalizedTransaction {
  const what = `Transaction ${transaction.transaction_id}`;
  const currency = currencyOf(transaction.iso_currency_code, transaction.unofficial_currency_code, what);
  return {
    externalId: transaction.transaction_id,
    date: transaction.date,
    valueDate: null,
    // Plaid: positive = money out; normalized: negative = money out.
    amountMinor: -minorOf(transaction.amount, currency, what),
    currency,
    description: transaction.name,
    partnerName: transaction.merchant_name ?? null,
    counterpartAccount: null,
    status: transaction.pending ? "pending" : "posted",
    pendingExternalId: transaction.pending_transaction_id ?? null,
    raw: transaction,
  };
}

/**
 * One /transactions/sync answer as a page. `cursor` is what may be stored once the page is
 * committed: only the last page's next_cursor (Plaid: persist it after the whole loop).
 */
export function pageFromSync(response: TransactionsSyncResponse, includePending: boolean): TransactionPage {
  const transactions = [...response.added, ...response.modified].map(transactionFromPlaid);
  return {
    transactions: includePending ? transactions : transactions.filter((t) => t.status === "posted"),
    removedExternalIds: response.removed.map((r) => r.transaction_id),
    cursor: response.has_more ? null : response.next_cursor,
  };
}
