import { appClock } from "@/lib/clock";
import { addDays, isoDate } from "@/lib/dates";
import { isProviderError, ProviderError } from "../errors";
import type { HttpOptions } from "../http";
import type { ConnectionSecret, ProviderAdapter, StartedAuthorization } from "../types";
import { createSaltedgeClient, type AttemptRequest, type ConsentRequest, type SaltedgeClient } from "./client";
import type { SaltedgeConfig } from "./config";
import { callbackError, saltedgeError } from "./errors";
import type { SaltedgeConnection } from "./schemas";
import { toAccount, toBalance, toInstitution, toTransaction } from "./transform";

export { saltedgeConfigFromEnv, type SaltedgeConfig } from "./config";

const SCOPES: ("accounts" | "transactions")[] = ["accounts", "transactions"];
/** A real refresh runs at Salt Edge after the call returns: wait this long at most for its attempt to finish. */
const REFRESH_POLLS = 30;
const REFRESH_POLL_MS = 2_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: "saltedge", kind: "invalid_response", message, providerCode: "invalid_response" });
}

function connectionOf(secret: ConnectionSecret): { customerId: string; connectionId: string } {
  const { customerId, connectionId } = secret;
  if (!customerId || !connectionId) {
    throw new ProviderError({ provider: "saltedge", kind: "other", message: "The stored Salt Edge secret lacks its customer or connection id." });
  }
  return { customerId, connectionId };
}

/** Our customer at Salt Edge: created once per identifier, found again after a 409 DuplicatedCustomer. */
async function customerFor(client: SaltedgeClient, identifier: string): Promise<string> {
  try {
    return (await client.createCustomer(identifier)).customer_id;
  } catch (error) {
    if (!(isProviderError(error) && error.providerCode === "DuplicatedCustomer")) throw error;
    const found = (await client.customersWithIdentifier(identifier)).find((c) => c.identifier === identifier);
    if (!found) throw invalid(`Salt Edge says customer ${identifier} exists but does not list it.`);
    return found.customer_id;
  }
}

/**
 * Asks Salt Edge to fetch fresh data from the bank and waits for that attempt. A refresh that is
 * merely too early (ConnectionCannotBeRefreshed without a reason about automatic refreshes) is not
 * an error: what Salt Edge already holds is still read.
 */
async function refresh(client: SaltedgeClient, connectionId: string, background: boolean, sleep: (ms: number) => Promise<void>): Promise<void> {
  let connection: SaltedgeConnection;
  try {
    connection = await client.refresh(connectionId, background);
  } catch (error) {
    if (isProviderError(error, "other") && error.providerCode === "ConnectionCannotBeRefreshed") return;
    if (isProviderError(error, "rate_limited") && !error.resetAt) throw await withNextRefresh(client, connectionId, error);
    throw error;
  }
  for (let poll = 0; connection.last_attempt?.finished === false && poll < REFRESH_POLLS; poll++) {
    await sleep(REFRESH_POLL_MS);
    connection = await client.connection(connectionId);
  }
  const failure = connection.last_attempt;
  if (failure?.finished !== false && failure?.fail_error_class) {
    throw saltedgeError({ errorClass: failure.fail_error_class, message: failure.fail_message ?? null });
  }
}

/** A rate limit without Retry-After: the connection's next_refresh_possible_at says when to come back. */
async function withNextRefresh(client: SaltedgeClient, connectionId: string, error: ProviderError): Promise<ProviderError> {
  try {
    const next = (await client.connection(connectionId)).next_refresh_possible_at;
    const resetAt = next ? new Date(next) : null;
    if (!resetAt || Number.isNaN(resetAt.getTime())) return error;
    return saltedgeError({ errorClass: error.providerCode, message: error.providerMessage, status: error.httpStatus, requestId: error.requestId, resetAt });
  } catch {
    return error;
  }
}

/** Salt Edge (AIS API v6) behind the ProviderAdapter interface. */
export function createSaltedgeAdapter(config: SaltedgeConfig, options?: HttpOptions): ProviderAdapter {
  const client = createSaltedgeClient(config, options);
  const sleep = options?.sleep ?? realSleep;

  async function accountsOf(secret: ConnectionSecret) {
    return (await client.accounts(connectionOf(secret).connectionId)).map(toAccount);
  }

  return {
    id: "saltedge",

    async listInstitutions(country) {
      const institutions = [];
      for await (const page of client.providers(country?.toUpperCase())) institutions.push(...page.map(toInstitution));
      return institutions;
    },

    async startAuthorization(input): Promise<StartedAuthorization> {
      const customerId = input.existing?.customerId ?? (await customerFor(client, input.clientUserId));
      const returnTo = new URL(input.redirectUrl);
      returnTo.searchParams.set("state", input.state);
      // Salt Edge fetches 90 days unless told otherwise; ask for all the history we want.
      const fromDate = addDays(isoDate(appClock.now()), -input.historyDays);
      const consent: ConsentRequest = { scopes: SCOPES, from_date: fromDate, ...(input.consentDays ? { period_days: input.consentDays } : {}) };
      const attempt: AttemptRequest = { return_to: returnTo.toString(), fetch_scopes: SCOPES, from_date: fromDate, locale: input.language };

      const existingId = input.existing?.connectionId;
      if (existingId) {
        try {
          const session = await client.reconnect(existingId, { consent, attempt });
          return { url: session.connect_url, pending: { customerId, connectionId: existingId } };
        } catch (error) {
          // Deleted at Salt Edge meanwhile: a new connection is the only way back.
          if (!(isProviderError(error) && error.providerCode === "ConnectionNotFound")) throw error;
        }
      }
      const session = await client.connect({ customer_id: customerId, consent, attempt, provider: { code: input.institution.externalId } });
      return { url: session.connect_url, pending: { customerId } };
    },

    async completeAuthorization(pending, callback) {
      const errorClass = callback.get("error_class");
      if (errorClass) throw callbackError(errorClass, callback.get("error_message"));
      const connectionId = callback.get("connection_id");
      if (!connectionId) throw invalid("Salt Edge's redirect carries neither connection_id nor error_class.");
      if (pending.connectionId && pending.connectionId !== connectionId) {
        throw invalid(`Salt Edge reconnected connection ${connectionId} instead of ${pending.connectionId}.`);
      }
      const connection = await client.connection(connectionId);
      if (connection.customer_id !== pending.customerId) {
        throw new ProviderError({ provider: "saltedge", kind: "other", message: `Salt Edge connection ${connectionId} belongs to another customer.` });
      }
      if (connection.status !== "active") {
        const attempt = connection.last_attempt;
        throw saltedgeError({
          errorClass: attempt?.fail_error_class ?? "ConnectionDisabled",
          message: attempt?.fail_message ?? `The connection is ${connection.status} at Salt Edge.`,
        });
      }
      const consents = await client.consents(connectionId);
      const consent = consents.find((c) => c.id === connection.last_consent_id) ?? consents.at(-1);
      const expiresAt = consent?.expires_at ? new Date(consent.expires_at) : null;
      const secret = { customerId: connection.customer_id, connectionId };
      return {
        secret,
        externalRef: connectionId,
        consentExpiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : null,
        accounts: await accountsOf(secret),
      };
    },

    listAccounts: accountsOf,

    async getBalance(secret, accountExternalId, session) {
      const { connectionId } = connectionOf(secret);
      // Salt Edge lists every account of the connection with its balance: one call serves the whole run.
      const listed = session ? session.once(`saltedge:accounts:${connectionId}`, () => client.accounts(connectionId)) : client.accounts(connectionId);
      const account = (await listed).find((a) => a.id === accountExternalId);
      if (!account) {
        throw new ProviderError({ provider: "saltedge", kind: "other", message: `Salt Edge no longer lists account ${accountExternalId}.` });
      }
      const balance = toBalance(account);
      if (!balance) throw invalid(`Salt Edge gives no balance for account ${accountExternalId}.`);
      return balance;
    },

    /**
     * Refreshes the connection, then pages posted (and pending) transactions; Salt Edge is not
     * date-windowed. A refresh fetches every account of the connection: once per run is enough.
     */
    async *fetchTransactions(secret, input) {
      const { connectionId } = connectionOf(secret);
      if (!input.justAuthorized) {
        const refreshNow = () => refresh(client, connectionId, input.background, sleep);
        await (input.session ? input.session.once(`saltedge:refresh:${connectionId}`, refreshNow) : refreshNow());
      }
      for await (const page of client.transactions(connectionId, input.accountExternalId, false)) {
        yield { transactions: page.map(toTransaction), removedExternalIds: [], cursor: null };
      }
      if (!input.includePending) return;
      for await (const page of client.transactions(connectionId, input.accountExternalId, true)) {
        yield { transactions: page.map(toTransaction), removedExternalIds: [], cursor: null };
      }
    },

    /** Revokes the consents and deletes the connection; Salt Edge may keep its record (and says so). */
    async revoke(secret) {
      const { connectionId } = connectionOf(secret);
      try {
        for (const consent of await client.consents(connectionId)) {
          if (!consent.revoked_at) await client.revokeConsent(consent.id);
        }
        const answer = await client.deleteConnection(connectionId);
        return { providerKeepsRecord: !answer.removed };
      } catch (error) {
        if (isProviderError(error) && error.providerCode === "ConnectionNotFound") return { providerKeepsRecord: false };
        throw error;
      }
    },
  };
}
