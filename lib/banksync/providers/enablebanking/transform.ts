import { decimalToMinor } from "@/lib/money";
import { ProviderError } from "../errors";
import { stableTransactionId } from "../transaction-id";
import type { NormalizedAccount, NormalizedBalance, NormalizedTransaction, ProviderInstitution, PsuType } from "../types";
import type { Account, Aspsp, Balance, Transaction } from "./schemas";

/** Pure functions from Enable Banking's JSON to the normalized types. */

/**
 * History when an ASPSP does not state it: the 90 days every PSD2 bank serves, so a first sync
 * never asks for more than the bank surely has.
 */
const DEFAULT_HISTORY_DAYS = 90;
const DAY_S = 86_400;

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: "enablebanking", kind: "invalid_response", message, providerCode: "invalid_response" });
}

/** An amount the currency cannot hold (too many decimals) is bad data, not a crash. */
function toMinor(amount: string, currency: string): bigint {
  try {
    return decimalToMinor(amount, currency);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : `Not an amount: ${amount} ${currency}`);
  }
}

/** Enable Banking names an ASPSP by name and country; our external id holds both. */
export function institutionExternalId(aspsp: { name: string; country: string }): string {
  return `${aspsp.country}:${aspsp.name}`;
}

export function parseInstitutionExternalId(externalId: string): { country: string; name: string } {
  const match = /^([A-Z]{2}):(.+)$/s.exec(externalId);
  if (!match) throw new RangeError(`Not an Enable Banking institution id: ${externalId}`);
  return { country: match[1]!, name: match[2]! };
}

export function toInstitution(aspsp: Aspsp): ProviderInstitution {
  const psuTypes = (aspsp.psu_types ?? []).filter((t): t is PsuType => t === "personal" || t === "business");
  return {
    provider: "enablebanking",
    externalId: institutionExternalId(aspsp),
    name: aspsp.name,
    country: aspsp.country.toUpperCase(),
    bic: aspsp.bic ?? null,
    logo: aspsp.logo && /^(https:|data:)/.test(aspsp.logo) ? aspsp.logo : null,
    historyDays: aspsp.transaction_total_days != null ? Number(aspsp.transaction_total_days) : DEFAULT_HISTORY_DAYS,
    consentDays: aspsp.maximum_consent_validity != null ? Math.floor(aspsp.maximum_consent_validity / DAY_S) : null,
    // Enable Banking states no such limits per ASPSP; they show up as errors (ASPSP_RATE_LIMIT_EXCEEDED).
    autoFetch: true,
    refreshesPerDay: null,
    mfa: false,
    beta: aspsp.beta ?? false,
    psuTypes,
  };
}

/** Balance types in the order a bookkeeper trusts them: booked closing balance first. */
const balancePreference = ["CLBD", "ITBD", "XPCD", "CLAV", "ITAV", "OPBD", "OPAV", "PRCD", "FWAV", "INFO", "OTHR"];

export function toBalance(balances: Balance[]): NormalizedBalance {
  const rank = (b: Balance) => {
    const index = balancePreference.indexOf(b.balance_type);
    return index === -1 ? balancePreference.length : index;
  };
  const best = [...balances].sort((a, b) => rank(a) - rank(b))[0];
  if (!best) throw invalid("The account has no balance");
  const { amount, currency } = best.balance_amount;
  return { amountMinor: toMinor(amount, currency), currency, referenceDate: best.reference_date ?? null };
}

function identification(id: Account["account_id"]): string | null {
  return id?.iban ?? id?.other?.identification ?? null;
}

export function toAccount(account: Account, balance: NormalizedBalance | null): NormalizedAccount {
  const iban = account.account_id?.iban ?? null;
  return {
    externalId: account.uid,
    // A display name: the bank's name for it, else its product, else its number.
    name: account.name ?? account.product ?? identification(account.account_id) ?? account.uid,
    accountNumber: identification(account.account_id),
    iban,
    currency: account.currency,
    balance,
    raw: account,
  };
}

/** Counts identical id-less transactions across the pages of one fetch (see stableTransactionId). */
export type Occurrences = Map<string, number>;

/** Transaction states that are money that moved or will; cancelled, rejected or scheduled ones are not. */
function statusOf(status: Transaction["status"]): NormalizedTransaction["status"] | null {
  if (status === "BOOK") return "posted";
  if (status === "PDNG" || status === "HOLD") return "pending";
  return null;
}

/**
 * One page of transactions of account `uid`. The amount is unsigned with the sign in
 * credit_debit_indicator (DBIT = money out); the partner is the creditor of money out and the
 * debtor of money in. A row without transaction_id and entry_reference gets a stable hash.
 */
export function toTransactions(rows: Transaction[], uid: string, occurrences: Occurrences = new Map()): NormalizedTransaction[] {
  const result: NormalizedTransaction[] = [];
  for (const row of rows) {
    const status = statusOf(row.status);
    if (status === null) continue;
    const { amount, currency } = row.transaction_amount;
    const magnitude = toMinor(amount, currency);
    const absolute = magnitude < 0n ? -magnitude : magnitude;
    const moneyOut = row.credit_debit_indicator === "DBIT";
    const amountMinor = moneyOut ? -absolute : absolute;
    const date = row.booking_date ?? row.value_date ?? row.transaction_date;
    if (!date) throw invalid(`Transaction ${row.transaction_id ?? row.entry_reference ?? ""} has no date`.trim());
    const partnerName = (moneyOut ? row.creditor?.name : row.debtor?.name) ?? null;
    const counterpart = moneyOut ? row.creditor_account : row.debtor_account;
    const remittance = (row.remittance_information ?? []).map((s) => s.trim()).filter(Boolean).join(" ");
    // With no remittance text, the partner is what a bank statement would show.
    const description = remittance || partnerName || "";
    let externalId = row.transaction_id || row.entry_reference || null;
    if (!externalId) {
      const parts = { account: uid, date, amountMinor, currency, text: description };
      const key = [date, amountMinor.toString(), currency, description].join("\u001f");
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      externalId = stableTransactionId(parts, occurrence);
    }
    result.push({
      externalId,
      date,
      valueDate: row.value_date ?? null,
      amountMinor,
      currency,
      description,
      partnerName,
      counterpartAccount: counterpart?.iban ?? counterpart?.other?.identification ?? null,
      status,
      // Enable Banking keeps a transaction's id when it posts: nothing links two different ids.
      pendingExternalId: null,
      raw: row,
    });
  }
  return result;
}
