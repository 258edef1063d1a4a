import type { z } from "zod";
import { isProviderError } from "../errors";
import { providerRequest, type HttpOptions, type ProviderHttp, type ProviderRequest } from "../http";
import type { GocardlessConfig } from "./config";
import { isTokenRejected, mapGocardlessError } from "./errors";
import {
  accountDetailsSchema,
  agreementSchema,
  balancesSchema,
  deletedSchema,
  institutionListSchema,
  institutionSchema,
  requisitionSchema,
  transactionsSchema,
} from "./schemas";
import { GocardlessTokens } from "./tokens";

export type NewAgreement = { institution_id: string; max_historical_days: number; access_valid_for_days: number; access_scope: string[] };
export type NewRequisition = { redirect: string; institution_id: string; agreement: string; reference: string; user_language: string };

/** The GoCardless Bank Account Data v2 calls the adapter makes, each authenticated and validated. */
export class GocardlessClient {
  private readonly http: ProviderHttp;
  private readonly tokens: GocardlessTokens;

  constructor(
    private readonly config: GocardlessConfig,
    options: HttpOptions = {},
  ) {
    this.http = {
      provider: "gocardless",
      mapError: mapGocardlessError,
      options: { ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}), ...options },
    };
    this.tokens = new GocardlessTokens(config, this.http);
  }

  /** One authenticated call; a 401 about our token (not the user's consent) gets one retry with a new token. */
  private async call<S extends z.ZodType>(request: Omit<ProviderRequest, "url"> & { path: string }, schema: S) {
    const send = async () =>
      providerRequest(
        this.http,
        { ...request, url: `${this.config.baseUrl}/${request.path}`, headers: { authorization: `Bearer ${await this.tokens.access()}` } },
        schema,
      );
    try {
      return await send();
    } catch (error) {
      if (!isProviderError(error) || !isTokenRejected(error)) throw error;
      this.tokens.invalidate();
      return send();
    }
  }

  async institutions(country?: string) {
    return (await this.call({ method: "GET", path: "institutions/", query: { country } }, institutionListSchema)).data;
  }

  async institution(id: string) {
    return (await this.call({ method: "GET", path: `institutions/${encodeURIComponent(id)}/` }, institutionSchema)).data;
  }

  async createAgreement(body: NewAgreement) {
    return (await this.call({ method: "POST", path: "agreements/enduser/", body }, agreementSchema)).data;
  }

  async agreement(id: string) {
    return (await this.call({ method: "GET", path: `agreements/enduser/${encodeURIComponent(id)}/` }, agreementSchema)).data;
  }

  async createRequisition(body: NewRequisition) {
    return (await this.call({ method: "POST", path: "requisitions/", body }, requisitionSchema)).data;
  }

  async requisition(id: string) {
    return (await this.call({ method: "GET", path: `requisitions/${encodeURIComponent(id)}/` }, requisitionSchema)).data;
  }

  async deleteRequisition(id: string): Promise<void> {
    await this.call({ method: "DELETE", path: `requisitions/${encodeURIComponent(id)}/` }, deletedSchema);
  }

  async accountDetails(id: string) {
    return (await this.call({ method: "GET", path: `accounts/${encodeURIComponent(id)}/details/` }, accountDetailsSchema)).data.account;
  }

  async accountBalances(id: string) {
    return (await this.call({ method: "GET", path: `accounts/${encodeURIComponent(id)}/balances/` }, balancesSchema)).data.balances;
  }

  async accountTransactions(id: string, window: { from: string; to: string }) {
    const path = `accounts/${encodeURIComponent(id)}/transactions/`;
    return (await this.call({ method: "GET", path, query: { date_from: window.from, date_to: window.to } }, transactionsSchema)).data.transactions;
  }
}
