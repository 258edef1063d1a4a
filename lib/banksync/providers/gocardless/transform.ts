import { decimalToMinor } from "@/lib/money";
import { ProviderError } from "../errors";
import { stableIds } from "../transaction-id";
import type { NormalizedAccount, NormalizedBalance, NormalizedTransaction, ProviderInstitution } from "../types";
import type { GocardlessAccountDetails, GocardlessBalance, GocardlessInstitution, GocardlessTransaction } from "./schemas";

/**
 * Pure functions from GoCardless's JSON to the normalized vocabulary. Bad data (an amount that is
 * not a decimal, a currency nobody knows, a transaction without any date) is an invalid_response
 * error, never a guess.
 */

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: "gocardless", kind: "invalid_response", message: `GoCardless sent ${message}`, providerCode: "invalid_response" });
}

/** A signed decimal string in minor units, exactly. */
export function amountToMinor(money: { amount: string; currency: string }): { amountMinor: bigint; currency: string } {
  const currency = money.currency.trim().toUpperCase();
  try {
    return { amountMinor: decimalToMinor(money.amount, currency), currency };
  } catch (cause) {
    throw invalid(`an amount it cannot be read exactly: ${JSON.stringify(money)} (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** One entry per country the institution serves, or just `country` when the list was asked for one. */
export function toInstitutions(institution: GocardlessInstitution, country?: string): ProviderInstitution[] {
  const countries = country ? institution.countries.filter((c) => c.toUpperCase() === country.toUpperCase()) : institution.countries;
  return countries.map((c) => ({
    provider: "gocardless",
    externalId: institution.id,
    name: institution.name,
    country: c.toUpperCase(),
    bic: institution.bic || null,
    logo: institution.logo || null,
    historyDays: institution.transaction_total_days,
    consentDays: institution.max_access_valid_for_days ?? null,
    // GoCardless refreshes in the background at any bank; banks allow as few as 4 calls a day per scope.
    autoFetch: true,
    refreshesPerDay: 4,
    mfa: false,
    beta: false,
    psuTypes: ["personal", "business"],
  }));
}

/** Booked balances first: the journal's balance is what the bank has posted. */
const balancePreference = ["closingBooked", "interimBooked", "openingBooked", "expected", "interimAvailable", "closingAvailable", "openingAvailable"];

export function pickBalance(balances: GocardlessBalance[]): NormalizedBalance | null {
  const rank = (b: GocardlessBalance) => {
    const at = balancePreference.indexOf(b.balanceType);
    return at === -1 ? balancePreference.length : at;
  };
  const best = [...balances].sort((a, b) => rank(a) - rank(b))[0];
  if (!best) return null;
  const { amountMinor, currency } = amountToMinor(best.balanceAmount);
  return { amountMinor, currency, referenceDate: best.referenceDate ?? null };
}

export function toAccount(id: string, details: GocardlessAccountDetails, balances: GocardlessBalance[]): NormalizedAccount {
  const balance = pickBalance(balances);
  // Some banks leave the currency out of the details; the balance's currency is the bank's own word for it.
  const currency = details.currency?.trim().toUpperCase() || balance?.currency;
  if (!currency) throw invalid(`account ${id} without a currency`);
  const iban = details.iban?.replace(/\s+/g, "") || null;
  return {
    externalId: id,
    name: details.name || details.displayName || details.product || iban || details.maskedPan || id,
    accountNumber: iban ?? (details.bban || details.maskedPan || null),
    iban,
    currency,
    balance,
    raw: { details, balances },
  };
}

function dateOf(value: string | null | undefined): string | null {
  const date = value?.slice(0, 10);
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
}

function descriptionOf(t: GocardlessTransaction): string {
  const parts = [
    t.remittanceInformationUnstructured,
    ...(t.remittanceInformationUnstructuredArray ?? []),
    t.remittanceInformationStructured,
    t.additionalInformation,
  ].filter((p): p is string => typeof p === "string" && p.trim() !== "");
  return parts.map((p) => p.trim()).join(" ");
}

function ibanOf(account: GocardlessTransaction["creditorAccount"]): string | null {
  return account?.iban?.replace(/\s+/g, "") || account?.bban || null;
}

/**
 * One list of GoCardless transactions (booked or pending) of an account. The id is the bank's
 * entryReference, else transactionId, else internalTransactionId, else a stable hash; the partner
 * is the other side: the creditor when money goes out, the debtor when it comes in.
 */
export function toTransactions(accountId: string, rows: GocardlessTransaction[], status: "posted" | "pending"): NormalizedTransaction[] {
  const base = rows.map((t) => {
    const date = dateOf(t.bookingDate) ?? dateOf(t.bookingDateTime) ?? dateOf(t.valueDate) ?? dateOf(t.valueDateTime);
    if (!date) throw invalid(`a ${status} transaction of account ${accountId} without a date`);
    const { amountMinor, currency } = amountToMinor(t.transactionAmount);
    const out = amountMinor < 0n;
    return {
      t,
      date,
      amountMinor,
      currency,
      description: descriptionOf(t),
      partnerName: (out ? t.creditorName : t.debtorName) || (amountMinor === 0n ? t.creditorName || t.debtorName : null) || null,
      counterpartAccount: out ? ibanOf(t.creditorAccount) : ibanOf(t.debtorAccount),
      givenId: t.entryReference || t.transactionId || t.internalTransactionId || null,
    };
  });
  // Only rows without an id are hashed, numbered among themselves; pending rows get their own
  // hashes so an id never names both a pending and a booked row.
  const anonymous = base.filter((b) => b.givenId === null);
  const hashes = stableIds(
    anonymous.map((b) => ({ account: status === "pending" ? `${accountId}:pending` : accountId, date: b.date, amountMinor: b.amountMinor, currency: b.currency, text: b.description })),
  );
  const hashOf = new Map(anonymous.map((b, i) => [b, hashes[i]!]));
  return base.map((b) => ({
    externalId: b.givenId ?? hashOf.get(b)!,
    date: b.date,
    valueDate: dateOf(b.t.valueDate) ?? dateOf(b.t.valueDateTime),
    amountMinor: b.amountMinor,
    currency: b.currency,
    description: b.description,
    partnerName: b.partnerName,
    counterpartAccount: b.counterpartAccount,
    status,
    // GoCardless never links a booked row to the pending one it replaces.
    pendingExternalId: null,
    raw: b.t,
  }));
}
