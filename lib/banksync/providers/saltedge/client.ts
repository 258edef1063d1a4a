import type { z } from "zod";
import { ProviderError } from "../errors";
import { providerRequest, type HttpOptions, type ProviderHttp, type ProviderRequest } from "../http";
import type { SaltedgeConfig } from "./config";
import { mapSaltedgeError } from "./errors";
import * as schema from "./schemas";

/** What `connections/connect` and `…/reconnect` are asked for. */
export type ConsentRequest = { scopes: ("accounts" | "transactions")[]; from_date?: string; period_days?: number };
export type AttemptRequest = { return_to: string; fetch_scopes: ("accounts" | "transactions")[]; from_date?: string; locale?: string };

/** The Salt Edge AIS API v6 calls the adapter makes; every one goes through providerRequest. */
export function createSaltedgeClient(config: SaltedgeConfig, options?: HttpOptions) {
  const http: ProviderHttp = { provider: "saltedge", mapError: mapSaltedgeError, options };

  async function call<S extends z.ZodType>(
    method: ProviderRequest["method"],
    path: string,
    responseSchema: S,
    init: { query?: ProviderRequest["query"]; data?: unknown } = {},
  ): Promise<z.infer<S>> {
    const { data } = await providerRequest(
      http,
      {
        method,
        url: `${config.baseUrl}/${path}`,
        query: init.query,
        headers: { "App-id": config.appId, Secret: config.secret },
        body: init.data === undefined ? undefined : { data: init.data },
      },
      responseSchema,
    );
    return data;
  }

  /** Every page of a list, following `meta.next_id` with `from_id` until it is null. */
  async function* pages<T extends z.ZodType>(path: string, item: T, query: ProviderRequest["query"] = {}): AsyncGenerator<z.infer<T>[]> {
    let fromId: string | null = null;
    const seen = new Set<string>();
    do {
      const page: z.infer<ReturnType<typeof schema.listOf<T>>> = await call("GET", path, schema.listOf(item), { query: { ...query, from_id: fromId } });
      yield page.data;
      fromId = page.meta?.next_id ?? null;
      if (fromId !== null && seen.has(fromId)) {
        throw new ProviderError({ provider: "saltedge", kind: "invalid_response", message: `Salt Edge's ${path} pages loop back to ${fromId}`, providerCode: "invalid_response" });
      }
      if (fromId !== null) seen.add(fromId);
    } while (fromId !== null);
  }

  async function all<T extends z.ZodType>(path: string, item: T, query: ProviderRequest["query"] = {}): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    for await (const page of pages(path, item, query)) out.push(...page);
    return out;
  }

  const data = <T extends z.ZodType>(item: T) => schema.single(item);

  return {
    providers: (country?: string) => pages("providers", schema.provider, { country_code: country }),
    createCustomer: async (identifier: string) => (await call("POST", "customers", data(schema.customer), { data: { identifier } })).data,
    customersWithIdentifier: (identifier: string) => all("customers", schema.customer, { identifier }),
    connect: async (input: { customer_id: string; consent: ConsentRequest; attempt: AttemptRequest; provider: { code: string } }) =>
      (await call("POST", "connections/connect", data(schema.connectSession), { data: input })).data,
    reconnect: async (connectionId: string, input: { consent: ConsentRequest; attempt: AttemptRequest }) =>
      (await call("POST", `connections/${encodeURIComponent(connectionId)}/reconnect`, data(schema.connectSession), { data: input })).data,
    refresh: async (connectionId: string, background: boolean) =>
      (
        await call("POST", `connections/${encodeURIComponent(connectionId)}/${background ? "background_refresh" : "refresh"}`, data(schema.connection), {
          data: { attempt: { fetch_scopes: ["accounts", "transactions"] } },
        })
      ).data,
    connection: async (connectionId: string) => (await call("GET", `connections/${encodeURIComponent(connectionId)}`, data(schema.connection))).data,
    deleteConnection: async (connectionId: string) =>
      (await call("DELETE", `connections/${encodeURIComponent(connectionId)}`, data(schema.removedConnection))).data,
    consents: (connectionId: string) => all("consents", schema.consent, { connection_id: connectionId }),
    revokeConsent: async (consentId: string) => (await call("PUT", `consents/${encodeURIComponent(consentId)}/revoke`, data(schema.consent))).data,
    accounts: (connectionId: string) => all("accounts", schema.account, { connection_id: connectionId }),
    transactions: (connectionId: string, accountId: string, pending: boolean) =>
      pages("transactions", schema.transaction, { connection_id: connectionId, account_id: accountId, pending: pending ? true : undefined }),
  };
}

export type SaltedgeClient = ReturnType<typeof createSaltedgeClient>;
