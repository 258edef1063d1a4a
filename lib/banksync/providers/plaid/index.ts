import { isProviderError, ProviderError } from "../errors";
import type { HttpOptions } from "../http";
import type { ConnectionSecret, PendingAuthorization, ProviderAdapter, ProviderInstitution } from "../types";
import { createPlaidClient } from "./client";
import type { PlaidConfig } from "./config";
import { invalidPlaidData, isMutationDuringPagination, mapPlaidError } from "./errors";
import {
  accountsGetResponse,
  institutionsGetResponse,
  linkTokenCreateResponse,
  linkTokenGetResponse,
  publicTokenExchangeResponse,
  requestIdOnly,
  transactionsSyncResponse,
  type PlaidLinkSession,
} from "./schemas";
import { accountFromPlaid, balanceFromPlaid, institutionsFromPlaid, pageFromSync, PLAID_MAX_HISTORY_DAYS } from "./transform";

export { plaidConfigFromEnv, type PlaidConfig } from "./config";

/** Countries Plaid serves. */
export const PLAID_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "ES", "NL", "DE", "IT", "PL", "DK", "NO", "SE", "EE", "LT", "LV", "PT", "BE"] as const;

/** Languages Plaid Link is translated into; other UI languages get Link in English rather than an error. */
const LINK_LANGUAGES = new Set(["da", "de", "en", "es", "et", "fr", "it", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sv"]);

const INSTITUTIONS_PAGE = 500;
const MAX_SYNC_PAGE = 500;
/** Restarts of one /transactions/sync loop after TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION before giving up. */
const MAX_SYNC_RESTARTS = 5;

function accessTokenOf(secret: ConnectionSecret): string {
  const token = secret.accessToken;
  if (!token) throw new ProviderError({ provider: "plaid", kind: "other", message: "The connection's Plaid secret has no access token" });
  return token;
}

/** A Link session that ended without adding an Item: a cancellation, or an error Link showed the user. */
function exitError(sessions: PlaidLinkSession[]): ProviderError {
  const exit = [...sessions].reverse().find((s) => s.exit)?.exit;
  if (exit?.error) return mapPlaidError({ status: 400, body: exit.error, headers: new Headers() });
  const status = exit?.metadata?.status ?? null;
  return new ProviderError({
    provider: "plaid",
    kind: "cancelled",
    message: exit ? `The user left Plaid Link${status ? ` (${status})` : ""}` : "Plaid Link ended without linking an account",
    providerCode: status,
  });
}

function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidPlaidData(`Plaid sent an unreadable consent expiration time "${value}"`);
  return at;
}

export function createPlaidAdapter(config: PlaidConfig, options?: HttpOptions): ProviderAdapter {
  const call = createPlaidClient(config, options);
  const syncPageSize = Math.min(Math.max(Math.trunc(config.syncPageSize ?? MAX_SYNC_PAGE), 1), MAX_SYNC_PAGE);

  const accountsOf = (accessToken: string) => call("/accounts/get", { access_token: accessToken }, accountsGetResponse);

  return {
    id: "plaid",

    async listInstitutions(country) {
      const countries: string[] = country ? [country.toUpperCase()] : [...PLAID_COUNTRIES];
      if (!countries.every((c) => (PLAID_COUNTRIES as readonly string[]).includes(c))) return [];
      const institutions: ProviderInstitution[] = [];
      for (let offset = 0; ; ) {
        const page = await call(
          "/institutions/get",
          { count: INSTITUTIONS_PAGE, offset, country_codes: countries, options: { include_optional_metadata: true } },
          institutionsGetResponse,
        );
        institutions.push(...page.institutions.flatMap((i) => institutionsFromPlaid(i, countries)));
        offset += page.institutions.length;
        if (page.institutions.length === 0 || offset >= page.total) return institutions;
      }
    },

    async startAuthorization(input) {
      // Hosted Link returns to the completion URI unchanged: our state travels inside it.
      const completion = new URL(input.redirectUrl);
      completion.searchParams.set("state", input.state);
      const existingToken = input.existing?.accessToken;
      const data = await call(
        "/link/token/create",
        {
          client_name: (config.clientName ?? "Banksync").slice(0, 30),
          language: LINK_LANGUAGES.has(input.language) ? input.language : "en",
          country_codes: [input.institution.country],
          user: { client_user_id: input.clientUserId },
          hosted_link: { completion_redirect_uri: completion.toString() },
          ...(existingToken
            ? // Update mode: the same Item logs in again, keeping its item and account ids.
              { access_token: existingToken }
            : {
                products: ["transactions"],
                transactions: { days_requested: Math.min(Math.max(input.historyDays, 1), PLAID_MAX_HISTORY_DAYS) },
                institution_id: input.institution.externalId,
              }),
        },
        linkTokenCreateResponse,
      );
      const pending: PendingAuthorization = { linkToken: data.link_token };
      if (existingToken) {
        pending.accessToken = existingToken;
        if (input.existing?.itemId) pending.itemId = input.existing.itemId;
      }
      return { url: data.hosted_link_url, pending };
    },

    async completeAuthorization(pending) {
      if (!pending.linkToken) throw new ProviderError({ provider: "plaid", kind: "other", message: "No Plaid link token to complete" });
      const link = await call("/link/token/get", { link_token: pending.linkToken }, linkTokenGetResponse);
      const sessions = link.link_sessions ?? [];
      const publicToken = sessions.flatMap((s) => s.results?.item_add_results ?? []).at(-1)?.public_token;

      let accessToken: string;
      if (publicToken) {
        accessToken = (await call("/item/public_token/exchange", { public_token: publicToken }, publicTokenExchangeResponse)).access_token;
      } else if (pending.accessToken && sessions.some((s) => s.finished_at && !s.exit)) {
        // Update mode may finish without a new public token: the Item keeps its access token.
        accessToken = pending.accessToken;
      } else {
        throw exitError(sessions);
      }

      const { accounts, item } = await accountsOf(accessToken);
      return {
        secret: { accessToken, itemId: item.item_id },
        externalRef: item.item_id,
        consentExpiresAt: parseTime(item.consent_expiration_time),
        accounts: accounts.map(accountFromPlaid),
      };
    },

    async listAccounts(secret) {
      return (await accountsOf(accessTokenOf(secret))).accounts.map(accountFromPlaid);
    },

    async getBalance(secret, accountExternalId) {
      const { accounts } = await call(
        "/accounts/balance/get",
        { access_token: accessTokenOf(secret), options: { account_ids: [accountExternalId] } },
        accountsGetResponse,
      );
      const account = accounts.find((a) => a.account_id === accountExternalId);
      const balance = account ? balanceFromPlaid(account) : null;
      if (!balance) {
        throw new ProviderError({ provider: "plaid", kind: "other", message: `Plaid gave no balance for account ${accountExternalId}` });
      }
      return balance;
    },

    async *fetchTransactions(secret, input) {
      const accessToken = accessTokenOf(secret);
      const start = input.cursor ?? "";
      let cursor = start;
      let restarts = 0;
      for (;;) {
        let response;
        try {
          response = await call(
            "/transactions/sync",
            { access_token: accessToken, ...(cursor ? { cursor } : {}), count: syncPageSize, options: { account_id: input.accountExternalId } },
            transactionsSyncResponse,
          );
        } catch (error) {
          if (!isMutationDuringPagination(error)) throw error;
          // Plaid's rule: the data changed under the pagination, so restart from the cursor the loop began with.
          if (restarts >= MAX_SYNC_RESTARTS) {
            throw new ProviderError({
              provider: "plaid",
              kind: "transient",
              message: `Plaid's transactions kept changing during pagination (${restarts} restarts)`,
              providerCode: error.providerCode,
              providerMessage: error.providerMessage,
              requestId: error.requestId,
              httpStatus: error.httpStatus,
              cause: error,
            });
          }
          restarts++;
          cursor = start;
          continue;
        }
        yield pageFromSync(response, input.includePending);
        if (!response.has_more) return;
        cursor = response.next_cursor;
      }
    },

    async revoke(secret) {
      try {
        await call("/item/remove", { access_token: accessTokenOf(secret) }, requestIdOnly);
      } catch (error) {
        // Already removed at Plaid (or by the user): the consent is gone either way.
        if (!(isProviderError(error) && error.providerCode === "ITEM_NOT_FOUND")) throw error;
      }
      return { providerKeepsRecord: false };
    },
  };
}
