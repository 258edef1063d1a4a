/**
 * The one vocabulary every provider adapter speaks (PROVIDERS.md, "Normalized transaction").
 * Adapters turn each provider's JSON into these types and nothing above them knows a provider's shape.
 */

export const providerIds = ["gocardless", "plaid", "saltedge", "enablebanking"] as const;
export type ProviderId = (typeof providerIds)[number];

export const providerNames: Record<ProviderId, string> = {
  gocardless: "GoCardless",
  plaid: "Plaid",
  saltedge: "Salt Edge",
  enablebanking: "Enable Banking",
};

export type PsuType = "personal" | "business";

/** One institution as one provider lists it. */
export type ProviderInstitution = {
  provider: ProviderId;
  externalId: string;
  name: string;
  /** ISO 3166-1 alpha-2; an institution in several countries is listed once per country. */
  country: string;
  bic: string | null;
  /** An https/data URL, or null when the provider gives none. */
  logo: string | null;
  /** How many days of history the provider can give. */
  historyDays: number;
  /** Longest consent in days, where the provider says. */
  consentDays: number | null;
  /** False when the institution refuses background (scheduled) fetches. */
  autoFetch: boolean;
  /** Successful refreshes allowed per account per day, null when unlimited or unknown. */
  refreshesPerDay: number | null;
  /** Asks for a one-time code at login and refresh. */
  mfa: boolean;
  beta: boolean;
  psuTypes: PsuType[];
};

export type NormalizedAccount = {
  externalId: string;
  name: string;
  /** IBAN where there is one, else the provider's account number or mask. */
  accountNumber: string | null;
  iban: string | null;
  currency: string;
  balance: NormalizedBalance | null;
  raw: unknown;
};

export type NormalizedBalance = { amountMinor: bigint; currency: string; referenceDate: string | null };

export type NormalizedTransaction = {
  externalId: string;
  /** Booking date, YYYY-MM-DD. */
  date: string;
  valueDate: string | null;
  /** Negative = money out. */
  amountMinor: bigint;
  currency: string;
  description: string;
  partnerName: string | null;
  counterpartAccount: string | null;
  status: "posted" | "pending";
  /** The pending row this posted one replaces, where the provider says. */
  pendingExternalId: string | null;
  raw: unknown;
};

export type TransactionPage = {
  transactions: NormalizedTransaction[];
  /** Ids the provider says are gone (Plaid's `removed`). */
  removedExternalIds: string[];
  /** What to store once this page is committed (a Plaid cursor); null when there is nothing to store. */
  cursor: string | null;
};

/** Provider secrets of one connection (tokens, ids); the caller encrypts them at rest. */
export type ConnectionSecret = Record<string, string>;

/** What the adapter needs back to complete an authorization it started. Stored server-side, never sent to the browser. */
export type PendingAuthorization = Record<string, string>;

export type StartAuthorizationInput = {
  institution: { externalId: string; country: string; name: string };
  /** Where the provider sends the browser back (our callback route). */
  redirectUrl: string;
  /** Our signed state; the provider hands it back on the redirect (GoCardless as `ref`). */
  state: string;
  /** ISO 639-1 language of the hosted pages. */
  language: string;
  psuType: PsuType;
  historyDays: number;
  consentDays: number | null;
  /** Stable id of our user or company at the provider (Plaid client_user_id, Salt Edge identifier). */
  clientUserId: string;
  /** The connection's current secret when updating credentials (Plaid update mode, Salt Edge reconnect). */
  existing: ConnectionSecret | null;
};

export type StartedAuthorization = { url: string; pending: PendingAuthorization };

export type CompletedAuthorization = {
  secret: ConnectionSecret;
  /** Requisition, item, connection or session id: how support finds it at the provider. */
  externalRef: string;
  consentExpiresAt: Date | null;
  accounts: NormalizedAccount[];
};

export type FetchTransactionsInput = {
  accountExternalId: string;
  /** Inclusive YYYY-MM-DD; date-windowed providers only. */
  from: string;
  to: string;
  /** Where the last run stopped (Plaid). */
  cursor: string | null;
  includePending: boolean;
  /** True for scheduled runs: no user is present. */
  background: boolean;
  /**
   * The connection was (re)authorized moments ago: the provider fetched fresh data then, so no new
   * refresh is asked for (a bank that wants a code at every refresh would refuse it).
   */
  justAuthorized?: boolean;
  /** The synchronization run this fetch belongs to: what its accounts' fetches share. */
  session?: SyncSession;
};

/**
 * What the fetches of one synchronization run share (the engine syncs a connection's accounts one
 * after the other, one session per run): a step an adapter needs once per connection and run, such
 * as Salt Edge's refresh of the whole connection, or an answer that holds for every account.
 */
export type SyncSession = {
  /** `step`'s outcome the first time `key` is asked for in this run; later asks get the same outcome, an error too. */
  once<T>(key: string, step: () => Promise<T>): Promise<T>;
};

export interface ProviderAdapter {
  readonly id: ProviderId;
  listInstitutions(country?: string): Promise<ProviderInstitution[]>;
  startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization>;
  /** `callback` is the query of the redirect to our callback route. */
  completeAuthorization(pending: PendingAuthorization, callback: URLSearchParams): Promise<CompletedAuthorization>;
  listAccounts(secret: ConnectionSecret): Promise<NormalizedAccount[]>;
  /** `session`: the synchronization run asking, when there is one (its accounts' balances may come in one call). */
  getBalance(secret: ConnectionSecret, accountExternalId: string, session?: SyncSession): Promise<NormalizedBalance>;
  fetchTransactions(secret: ConnectionSecret, input: FetchTransactionsInput): AsyncGenerator<TransactionPage>;
  revoke(secret: ConnectionSecret): Promise<{ providerKeepsRecord: boolean }>;
}
