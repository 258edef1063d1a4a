import { appClock, type Clock } from "@/lib/clock";
import { isoDate } from "@/lib/dates";
import { isProviderError, ProviderError, type ProviderErrorKind } from "../errors";
import type { HttpOptions } from "../http";
import type {
  CompletedAuthorization,
  ConnectionSecret,
  FetchTransactionsInput,
  NormalizedAccount,
  NormalizedBalance,
  PendingAuthorization,
  ProviderAdapter,
  ProviderInstitution,
  StartAuthorizationInput,
  StartedAuthorization,
  TransactionPage,
} from "../types";
import { GocardlessClient } from "./client";
import type { GocardlessConfig } from "./config";
import { connectionSecretSchema, type GocardlessRequisition, type GocardlessSecret } from "./schemas";
import { pickBalance, toAccount, toInstitutions, toTransactions } from "./transform";

export { gocardlessConfigFromEnv, type GocardlessConfig } from "./config";

/** GoCardless's own defaults and ceiling (PROVIDERS.md, "Limits"). */
const DEFAULT_CONSENT_DAYS = 90;
const MAX_CONSENT_DAYS = 180;
const ACCESS_SCOPE = ["balances", "details", "transactions"];

/** Callback errors that mean the user walked away on GoCardless's or the bank's pages. */
const userCancellations = new Set(["UserCancelledSession", "UserSessionRejected"]);

function fail(kind: ProviderErrorKind, message: string, extra: { providerCode?: string | null; providerMessage?: string | null } = {}): ProviderError {
  return new ProviderError({ provider: "gocardless", kind, message, ...extra });
}

function secretOf(value: ConnectionSecret | PendingAuthorization): GocardlessSecret {
  const parsed = connectionSecretSchema.safeParse(value);
  if (!parsed.success) throw fail("other", "The GoCardless connection has no requisition or agreement id; reconnect the bank.");
  return parsed.data;
}

/** A requisition that is not linked: what the user must do about it. */
function notLinked(requisition: GocardlessRequisition): ProviderError {
  const providerCode = requisition.status;
  switch (requisition.status) {
    case "EX":
      return fail("consent_expired", `The GoCardless access of requisition ${requisition.id} has expired; reconnect the bank.`, { providerCode });
    case "SU":
      return fail("other", `GoCardless suspended requisition ${requisition.id}.`, { providerCode });
    default:
      return fail("needs_user_action", `The bank authorization of requisition ${requisition.id} is not finished (status ${requisition.status}).`, { providerCode });
  }
}

/**
 * The GoCardless Bank Account Data adapter. `clock` gives "today" for clamping date_to (the app
 * clock, which in sandbox mode shares the sandbox's offset).
 */
export function createGocardlessAdapter(config: GocardlessConfig, options?: HttpOptions, clock: Clock = appClock): ProviderAdapter {
  const client = new GocardlessClient(config, options);

  async function accounts(ids: string[]): Promise<NormalizedAccount[]> {
    const list: NormalizedAccount[] = [];
    // One account after the other: banks count calls per account and GoCardless per minute.
    for (const id of ids) list.push(toAccount(id, await client.accountDetails(id), await client.accountBalances(id)));
    return list;
  }

  return {
    id: "gocardless",

    async listInstitutions(country?: string): Promise<ProviderInstitution[]> {
      const wanted = country?.trim().toLowerCase() || undefined;
      return (await client.institutions(wanted)).flatMap((i) => toInstitutions(i, wanted));
    },

    async startAuthorization(input: StartAuthorizationInput): Promise<StartedAuthorization> {
      const institution = await client.institution(input.institution.externalId);
      const maxConsent = Math.min(institution.max_access_valid_for_days ?? MAX_CONSENT_DAYS, MAX_CONSENT_DAYS);
      const agreement = await client.createAgreement({
        institution_id: institution.id,
        max_historical_days: Math.max(1, Math.min(input.historyDays, institution.transaction_total_days)),
        access_valid_for_days: Math.max(1, Math.min(input.consentDays ?? DEFAULT_CONSENT_DAYS, maxConsent)),
        access_scope: ACCESS_SCOPE,
      });
      const requisition = await client.createRequisition({
        redirect: input.redirectUrl,
        institution_id: institution.id,
        agreement: agreement.id,
        reference: input.state,
        user_language: input.language.slice(0, 2).toUpperCase(),
      });
      return { url: requisition.link, pending: { requisitionId: requisition.id, agreementId: agreement.id } };
    },

    async completeAuthorization(pending: PendingAuthorization, callback: URLSearchParams): Promise<CompletedAuthorization> {
      const error = callback.get("error");
      if (error) {
        const details = callback.get("details");
        const cancelled = userCancellations.has(error);
        throw fail(cancelled ? "cancelled" : "other", cancelled ? "The bank connection was cancelled." : `GoCardless ended the bank authorization: ${details ?? error}`, {
          providerCode: error,
          providerMessage: details,
        });
      }
      const { requisitionId, agreementId } = secretOf(pending);
      const requisition = await client.requisition(requisitionId);
      const ref = callback.get("ref");
      if (ref !== null && requisition.reference && ref !== requisition.reference) {
        throw fail("other", `The callback's reference does not belong to requisition ${requisitionId}.`);
      }
      if (requisition.status !== "LN") throw notLinked(requisition);
      const agreement = await client.agreement(requisition.agreement || agreementId);
      const accepted = agreement.accepted ? Date.parse(agreement.accepted) : Number.NaN;
      return {
        secret: { requisitionId, agreementId: agreement.id },
        externalRef: requisition.id,
        consentExpiresAt: Number.isNaN(accepted) ? null : new Date(accepted + agreement.access_valid_for_days * 86_400_000),
        accounts: await accounts(requisition.accounts),
      };
    },

    async listAccounts(secret: ConnectionSecret): Promise<NormalizedAccount[]> {
      const requisition = await client.requisition(secretOf(secret).requisitionId);
      if (requisition.status !== "LN") throw notLinked(requisition);
      return accounts(requisition.accounts);
    },

    async getBalance(_secret: ConnectionSecret, accountExternalId: string): Promise<NormalizedBalance> {
      const balance = pickBalance(await client.accountBalances(accountExternalId));
      if (!balance) throw fail("invalid_response", `GoCardless gave no balance for account ${accountExternalId}.`, { providerCode: "invalid_response" });
      return balance;
    },

    async *fetchTransactions(_secret: ConnectionSecret, input: FetchTransactionsInput): AsyncGenerator<TransactionPage> {
      // GoCardless refuses a date_to in the future and does not paginate: one window, one page.
      const today = isoDate(clock.now());
      const to = input.to < today ? input.to : today;
      if (input.from > to) {
        yield { transactions: [], removedExternalIds: [], cursor: null };
        return;
      }
      const lists = await client.accountTransactions(input.accountExternalId, { from: input.from, to });
      const transactions = [
        ...toTransactions(input.accountExternalId, lists.booked, "posted"),
        ...(input.includePending ? toTransactions(input.accountExternalId, lists.pending ?? [], "pending") : []),
      ];
      yield { transactions, removedExternalIds: [], cursor: null };
    },

    async revoke(secret: ConnectionSecret): Promise<{ providerKeepsRecord: boolean }> {
      try {
        await client.deleteRequisition(secretOf(secret).requisitionId);
      } catch (error) {
        // Already gone at GoCardless: the consent is revoked either way.
        if (!(isProviderError(error) && error.httpStatus === 404)) throw error;
      }
      return { providerKeepsRecord: false };
    },
  };
}
