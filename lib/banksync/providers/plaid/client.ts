import type { z } from "zod";
import { providerRequest, type HttpOptions, type ProviderHttp } from "../http";
import type { PlaidConfig } from "./config";
import { mapPlaidError } from "./errors";

/** Plaid's pinned API version: the shapes in schemas.ts are this version's. */
export const PLAID_VERSION = "2020-09-14";

export type PlaidClient = <S extends z.ZodType>(path: string, body: Record<string, unknown>, schema: S) => Promise<z.infer<S>>;

/** Every Plaid call: a POST of JSON with the client's credentials in headers. */
export function createPlaidClient(config: PlaidConfig, options?: HttpOptions): PlaidClient {
  const http: ProviderHttp = { provider: "plaid", mapError: (response) => mapPlaidError(response), options };
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  return async (path, body, schema) => {
    const { data } = await providerRequest(
      http,
      {
        method: "POST",
        url: `${baseUrl}${path}`,
        headers: { "PLAID-CLIENT-ID": config.clientId, "PLAID-SECRET": config.secret, "Plaid-Version": PLAID_VERSION },
        body,
      },
      schema,
    );
    return data;
  };
}
