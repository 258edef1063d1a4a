import { z } from "zod";

/**
 * Plaid's JSON (API version 2020-09-14), as far as the adapter reads it. Objects are loose: Plaid
 * adds fields over time and the raw payload keeps them.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

export const plaidErrorSchema = z.looseObject({
  error_type: z.string(),
  error_code: z.string(),
  error_message: z.string().nullish(),
  display_message: z.string().nullish(),
  request_id: z.string().nullish(),
});
export type PlaidErrorBody = z.infer<typeof plaidErrorSchema>;

export const plaidInstitutionSchema = z.looseObject({
  institution_id: z.string().min(1),
  name: z.string().min(1),
  country_codes: z.array(z.string()),
  products: z.array(z.string()),
  routing_numbers: z.array(z.string()).nullish(),
  oauth: z.boolean().nullish(),
  /** Base64 PNG without a data: prefix on plaid.com; only with `include_optional_metadata`. */
  logo: z.string().nullish(),
});
export type PlaidInstitution = z.infer<typeof plaidInstitutionSchema>;

export const institutionsGetResponse = z.object({
  institutions: z.array(plaidInstitutionSchema),
  total: z.number().int().min(0),
  request_id: z.string(),
});

export const linkTokenCreateResponse = z.object({
  link_token: z.string().min(1),
  expiration: z.string(),
  hosted_link_url: z.url(),
  request_id: z.string(),
});

const linkSessionSchema = z.looseObject({
  link_session_id: z.string(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
  results: z
    .looseObject({
      item_add_results: z.array(z.looseObject({ public_token: z.string().min(1) })).nullish(),
    })
    .nullish(),
  exit: z
    .looseObject({
      error: plaidErrorSchema.nullish(),
      metadata: z.looseObject({ status: z.string().nullish() }).nullish(),
    })
    .nullish(),
});
export type PlaidLinkSession = z.infer<typeof linkSessionSchema>;

export const linkTokenGetResponse = z.object({
  link_token: z.string(),
  link_sessions: z.array(linkSessionSchema).nullish(),
  request_id: z.string(),
});

export const publicTokenExchangeResponse = z.object({
  access_token: z.string().min(1),
  item_id: z.string().min(1),
  request_id: z.string(),
});

export const plaidAccountSchema = z.looseObject({
  account_id: z.string().min(1),
  name: z.string(),
  official_name: z.string().nullish(),
  mask: z.string().nullish(),
  type: z.string(),
  subtype: z.string().nullish(),
  balances: z.looseObject({
    current: z.number().finite().nullable(),
    available: z.number().finite().nullable(),
    iso_currency_code: z.string().nullable(),
    unofficial_currency_code: z.string().nullish(),
  }),
});
export type PlaidAccount = z.infer<typeof plaidAccountSchema>;

export const accountsGetResponse = z.object({
  accounts: z.array(plaidAccountSchema),
  item: z.looseObject({
    item_id: z.string().min(1),
    institution_id: z.string().nullish(),
    consent_expiration_time: z.string().nullish(),
  }),
  request_id: z.string(),
});

export const plaidTransactionSchema = z.looseObject({
  transaction_id: z.string().min(1),
  account_id: z.string().min(1),
  amount: z.number().finite(),
  iso_currency_code: z.string().nullable(),
  unofficial_currency_code: z.string().nullish(),
  date: isoDate,
  authorized_date: isoDate.nullish(),
  name: z.string(),
  merchant_name: z.string().nullish(),
  original_description: z.string().nullish(),
  pending: z.boolean(),
  pending_transaction_id: z.string().nullish(),
});
export type PlaidTransaction = z.infer<typeof plaidTransactionSchema>;

export const transactionsSyncResponse = z.object({
  added: z.array(plaidTransactionSchema),
  modified: z.array(plaidTransactionSchema),
  removed: z.array(z.looseObject({ transaction_id: z.string().min(1) })),
  next_cursor: z.string(),
  has_more: z.boolean(),
  request_id: z.string(),
});
export type TransactionsSyncResponse = z.infer<typeof transactionsSyncResponse>;

export const requestIdOnly = z.looseObject({ request_id: z.string() });
