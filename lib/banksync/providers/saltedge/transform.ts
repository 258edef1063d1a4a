import { numberToMinor } from "@/lib/money";
import type { NormalizedAccount, NormalizedBalance, NormalizedTransaction, ProviderInstitution, PsuType } from "../types";
import type { SaltedgeAccount, SaltedgeProvider, SaltedgeTransaction } from "./schemas";

/**
 * Pure functions from Salt Edge's JSON to the normalized types. Salt Edge sends amounts as JSON
 * numbers: they go through the number's shortest decimal text, never through float arithmetic.
 */

const psuTypes: PsuType[] = ["personal", "business"];

export function toInstitution(provider: SaltedgeProvider): ProviderInstitution {
  const types = (provider.supported_account_types ?? []).filter((t): t is PsuType => (psuTypes as string[]).includes(t));
  return {
    provider: "saltedge",
    externalId: provider.code,
    name: provider.name,
    country: provider.country_code.toUpperCase(),
    bic: provider.bic_codes?.[0] ?? null,
    logo: provider.logo_url || null,
    historyDays: provider.max_fetch_interval,
    consentDays: provider.max_consent_days ?? null,
    autoFetch: provider.automatic_fetch,
    // Salt Edge limits refreshes through next_refresh_possible_at per connection, not a daily count.
    refreshesPerDay: null,
    mfa: provider.interactive,
    beta: false,
    // Salt Edge serves personal and business accounts alike unless the provider lists its account types.
    psuTypes: types.length > 0 ? types : psuTypes,
  };
}

export function toBalance(account: SaltedgeAccount): NormalizedBalance | null {
  if (account.balance === null || account.balance === undefined) return null;
  return { amountMinor: numberToMinor(account.balance, account.currency_code), currency: account.currency_code, referenceDate: null };
}

export function toAccount(account: SaltedgeAccount): NormalizedAccount {
  const iban = account.extra?.iban?.replace(/\s+/g, "").toUpperCase() || null;
  return {
    externalId: account.id,
    name: account.name,
    accountNumber: iban ?? (account.extra?.account_number || null),
    iban,
    currency: account.currency_code,
    balance: toBalance(account),
    raw: account,
  };
}

export function toTransaction(transaction: SaltedgeTransaction): NormalizedTransaction {
  const amountMinor = numberToMinor(transaction.amount, transaction.currency_code);
  const extra = transaction.extra;
  return {
    externalId: transaction.id,
    // made_on is when the payment was made; the bank books it on posting_date where it says.
    date: extra?.posting_date ?? transaction.made_on,
    valueDate: transaction.made_on,
    amountMinor,
    currency: transaction.currency_code,
    description: transaction.description,
    partnerName: (amountMinor < 0n ? extra?.payee : extra?.payer) || null,
    counterpartAccount: null,
    status: transaction.status,
    // Salt Edge keeps a transaction's id when it posts, so the posted row simply replaces the pending one.
    pendingExternalId: null,
    raw: transaction,
  };
}
