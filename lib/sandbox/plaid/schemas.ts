import { z } from "zod";

/**
 * The request bodies the emulated endpoints accept (Plaid API 2020-09-14). Unknown fields are
 * ignored as Plaid ignores them; what Plaid requires is required here too.
 */

const countryCodes = z.array(z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code")).min(1);
const accessToken = z.string().min(1);

export const institutionsGetRequest = z.object({
  count: z.number().int().min(1).max(500),
  offset: z.number().int().min(0),
  country_codes: countryCodes,
  options: z.object({ include_optional_metadata: z.boolean().optional(), products: z.array(z.string()).optional() }).optional(),
});

export const institutionsGetByIdRequest = z.object({
  institution_id: z.string().min(1),
  country_codes: countryCodes,
  options: z.object({ include_optional_metadata: z.boolean().optional() }).optional(),
});

export const linkTokenCreateRequest = z.object({
  client_name: z.string().min(1).max(30),
  language: z.string().regex(/^[a-z]{2}$/, "an ISO 639-1 language code"),
  country_codes: countryCodes,
  user: z.object({ client_user_id: z.string().min(1) }),
  products: z.array(z.string()).optional(),
  transactions: z.object({ days_requested: z.number().int().min(1).max(730).optional() }).optional(),
  hosted_link: z.object({ completion_redirect_uri: z.url().optional() }).optional(),
  redirect_uri: z.url().optional(),
  webhook: z.url().optional(),
  access_token: accessToken.optional(),
  /** Plaid's field for preselecting an institution; Link's institution picker is not emulated. */
  institution_id: z.string().min(1).optional(),
});
export type LinkTokenCreateRequest = z.infer<typeof linkTokenCreateRequest>;

export const linkTokenGetRequest = z.object({ link_token: z.string().min(1) });

export const publicTokenExchangeRequest = z.object({ public_token: z.string().min(1) });

export const accessTokenRequest = z.object({ access_token: accessToken });

export const accountsGetRequest = z.object({
  access_token: accessToken,
  options: z.object({ account_ids: z.array(z.string()).optional() }).optional(),
});

export const transactionsSyncRequest = z.object({
  access_token: accessToken,
  cursor: z.string().optional(),
  count: z.number().int().min(1).max(500).default(100),
  options: z
    .object({
      account_id: z.string().min(1).optional(),
      include_original_description: z.boolean().optional(),
    })
    .optional(),
});
