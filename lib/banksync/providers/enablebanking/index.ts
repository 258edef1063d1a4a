import { appClock } from "@/lib/clock";
import { ProviderError, isProviderError } from "../errors";
import type { HttpOptions } from "../http";
import type { ConnectionSecret, NormalizedAccount, NormalizedBalance, ProviderAdapter } from "../types";
import { createEnablebankingClient, type EnablebankingClient } from "./client";
import type { EnablebankingConfig } from "./config";
import { parseInstitutionExternalId, toAccount, toBalance, toInstitution, toTransactions, type Occurrences } from "./transform";

export { enablebankingConfigFromEnv, type EnablebankingConfig } from "./config";

const DAY_MS = 86_400_000;
/** The consent asked for: the bank's maximum, at most 90 days. */
const MAX_CONSENT_DAYS = 90;

/**
 * Sent on user-started fetches so the bank treats them as "user present" (banks limit background
 * reads to about four a day, not those). The adapter interface does not carry the end user's IP
 * address and browser, so these placeholders stand in for them: they say a user is present, which
 * is true when `background` is false, and the sandbox accepts them.
 */
const userPresentHeaders = { "Psu-Ip-Address": "0.0.0.0", "Psu-User-Agent": "Banksync (user present)" };

function sessionIdOf(secret: ConnectionSecret): string {
  const sessionId = secret.sessionId;
  if (!sessionId) {
    throw new ProviderError({ provider: "enablebanking", kind: "other", message: "The connection's secret has no Enable Banking session id", providerCode: "no_session" });
  }
  return sessionId;
}

/** A balance that cannot be read right now is left for the next sync rather than failing the consent just given. */
async function balanceOrNull(client: EnablebankingClient, uid: string): Promise<NormalizedBalance | null> {
  try {
    return toBalance((await client.balances(uid)).balances);
  } catch (error) {
    if (isProviderError(error, "transient") || isProviderError(error, "rate_limited")) return null;
    throw error;
  }
}

/** Enable Banking (PROVIDERS.md): application JWT, ASPSPs by name and country, sessions, continuation keys. */
export function createEnablebankingAdapter(config: EnablebankingConfig, options?: HttpOptions): ProviderAdapter {
  const clock = config.clock ?? appClock;
  const client = createEnablebankingClient(config, clock, options);

  async function accountsOfSession(uids: string[]): Promise<NormalizedAccount[]> {
    const accounts: NormalizedAccount[] = [];
    for (const uid of uids) accounts.push(toAccount(await client.accountDetails(uid), await balanceOrNull(client, uid)));
    return accounts;
  }

  return {
    id: "enablebanking",

    async listInstitutions(country) {
      const { aspsps } = await client.aspsps(country?.toUpperCase());
      return aspsps.map(toInstitution);
    },

    async startAuthorization(input) {
      const aspsp = parseInstitutionExternalId(input.institution.externalId);
      const days = Math.min(input.consentDays ?? MAX_CONSENT_DAYS, MAX_CONSENT_DAYS);
      const { url } = await client.startAuth({
        validUntil: new Date(clock.now().getTime() + days * DAY_MS),
        aspsp,
        state: input.state,
        redirectUrl: input.redirectUrl,
        psuType: input.psuType,
        language: input.language,
      });
      return { url, pending: { aspspName: aspsp.name, country: aspsp.country } };
    },

    async completeAuthorization(_pending, callback) {
      const error = callback.get("error");
      if (error) {
        const description = callback.get("error_description");
        throw new ProviderError({
          provider: "enablebanking",
          kind: error === "access_denied" ? "cancelled" : "other",
          message: error === "access_denied" ? "The authorization was cancelled at the bank" : `The authorization failed: ${description ?? error}`,
          providerCode: error,
          providerMessage: description,
        });
      }
      const code = callback.get("code");
      if (!code) throw new ProviderError({ provider: "enablebanking", kind: "other", message: "Enable Banking returned without a code", providerCode: "no_code" });
      const session = await client.createSession(code);
      const accounts: NormalizedAccount[] = [];
      for (const account of session.accounts) accounts.push(toAccount(account, await balanceOrNull(client, account.uid)));
      return {
        secret: { sessionId: session.session_id },
        externalRef: session.session_id,
        consentExpiresAt: new Date(session.access.valid_until),
        accounts,
      };
    },

    async listAccounts(secret) {
      const session = await client.getSession(sessionIdOf(secret));
      if (session.status !== "AUTHORIZED") {
        throw new ProviderError({
          provider: "enablebanking",
          kind: "consent_expired",
          message: `The Enable Banking session is ${session.status.toLowerCase()}`,
          providerCode: session.status,
        });
      }
      return accountsOfSession(session.accounts);
    },

    async getBalance(_secret, accountExternalId) {
      return toBalance((await client.balances(accountExternalId)).balances);
    },

    async *fetchTransactions(secret, input) {
      sessionIdOf(secret);
      const occurrences: Occurrences = new Map();
      const headers = input.background ? {} : userPresentHeaders;
      let continuationKey: string | null = null;
      do {
        const page = await client.transactions(
          input.accountExternalId,
          { dateFrom: input.from, dateTo: input.to, continuationKey, status: input.includePending ? null : "BOOK" },
          headers,
        );
        const next = page.continuation_key ?? null;
        if (next !== null && next === continuationKey) {
          throw new ProviderError({ provider: "enablebanking", kind: "invalid_response", message: "Enable Banking repeated a continuation key", providerCode: "invalid_response" });
        }
        const transactions = toTransactions(page.transactions, input.accountExternalId, occurrences);
        // Some banks ignore transaction_status: pending rows are dropped here too.
        yield { transactions: input.includePending ? transactions : transactions.filter((t) => t.status === "posted"), removedExternalIds: [], cursor: null };
        continuationKey = next;
      } while (continuationKey !== null);
    },

    async revoke(secret) {
      try {
        await client.deleteSession(sessionIdOf(secret));
      } catch (error) {
        // Already expired or revoked: the consent is gone, which is what revoking wants.
        if (!isProviderError(error, "consent_expired")) throw error;
      }
      return { providerKeepsRecord: false };
    },
  };
}
