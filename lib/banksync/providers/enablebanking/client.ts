import type { z } from "zod";
import type { Clock } from "@/lib/clock";
import { providerRequest, type HttpOptions, type ProviderHttp, type ProviderRequest } from "../http";
import type { PsuType } from "../types";
import type { EnablebankingConfig } from "./config";
import { mapEnablebankingError } from "./errors";
import { createJwtSigner } from "./jwt";
import {
  anyBody,
  accountSchema,
  aspspsResponse,
  authResponse,
  balancesResponse,
  getSessionResponse,
  sessionResponse,
  transactionsResponse,
} from "./schemas";

export type AuthRequest = {
  validUntil: Date;
  aspsp: { name: string; country: string };
  state: string;
  redirectUrl: string;
  psuType: PsuType;
  language: string;
};

export type TransactionsQuery = {
  dateFrom: string;
  dateTo: string;
  continuationKey: string | null;
  /** BOOK: posted only; null: posted and pending. */
  status: "BOOK" | null;
};

/** Enable Banking's HTTP calls, each signed with the application JWT and checked with its schema. */
export function createEnablebankingClient(config: EnablebankingConfig, clock: Clock, options?: HttpOptions) {
  const token = createJwtSigner(config);
  const http: ProviderHttp = {
    provider: "enablebanking",
    mapError: (response) => mapEnablebankingError(response, () => clock.now()),
    options,
  };

  async function call<S extends z.ZodType>(request: Omit<ProviderRequest, "url"> & { path: string }, schema: S): Promise<z.infer<S>> {
    const { path, ...rest } = request;
    const headers = { ...rest.headers, authorization: `Bearer ${await token()}` };
    const { data } = await providerRequest(http, { ...rest, url: `${config.baseUrl}/${path}`, headers }, schema);
    return data;
  }

  const id = encodeURIComponent;

  return {
    aspsps: (country?: string) => call({ method: "GET", path: "aspsps", query: { country } }, aspspsResponse),
    startAuth: (input: AuthRequest) =>
      call(
        {
          method: "POST",
          path: "auth",
          body: {
            access: { valid_until: input.validUntil.toISOString() },
            aspsp: input.aspsp,
            state: input.state,
            redirect_url: input.redirectUrl,
            psu_type: input.psuType,
            language: input.language,
          },
        },
        authResponse,
      ),
    createSession: (code: string) => call({ method: "POST", path: "sessions", body: { code } }, sessionResponse),
    getSession: (sessionId: string) => call({ method: "GET", path: `sessions/${id(sessionId)}` }, getSessionResponse),
    deleteSession: (sessionId: string) => call({ method: "DELETE", path: `sessions/${id(sessionId)}` }, anyBody),
    accountDetails: (uid: string) => call({ method: "GET", path: `accounts/${id(uid)}/details` }, accountSchema),
    balances: (uid: string) => call({ method: "GET", path: `accounts/${id(uid)}/balances` }, balancesResponse),
    transactions: (uid: string, query: TransactionsQuery, headers: Record<string, string>) =>
      call(
        {
          method: "GET",
          path: `accounts/${id(uid)}/transactions`,
          query: {
            date_from: query.dateFrom,
            date_to: query.dateTo,
            continuation_key: query.continuationKey,
            transaction_status: query.status,
          },
          headers,
        },
        transactionsResponse,
      ),
  };
}

export type EnablebankingClient = ReturnType<typeof createEnablebankingClient>;
