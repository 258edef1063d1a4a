import { z } from "zod";
import { isIsoDate } from "@/lib/dates";
import { isCurrencyCode } from "@/lib/money";

/** Salt Edge AIS API v6 JSON, as far as the adapter reads it. Every body is wrapped in `{data: …}`. */

const isoDate = z.string().refine(isIsoDate, "a date YYYY-MM-DD");
const currency = z.string().refine(isCurrencyCode, "an ISO 4217 currency");

export const errorBody = z.object({
  error: z.object({ class: z.string(), message: z.string().nullish(), documentation_url: z.string().nullish() }),
});

const meta = z.object({ next_id: z.string().nullish(), next_page: z.string().nullish() });

/** A list answer: `{data: [...], meta: {next_id}}`, continued with `from_id = next_id`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: meta.nullish() });
}

export function single<T extends z.ZodType>(item: T) {
  return z.object({ data: item });
}

export const customer = z.object({ customer_id: z.string(), identifier: z.string() });

export const provider = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  country_code: z.string().length(2),
  status: z.string(),
  logo_url: z.string().nullish(),
  max_consent_days: z.number().int().positive().nullish(),
  /** Days of history the provider can fetch. */
  max_fetch_interval: z.number().int().positive(),
  automatic_fetch: z.boolean(),
  interactive: z.boolean(),
  bic_codes: z.array(z.string()).nullish(),
  supported_account_types: z.array(z.string()).nullish(),
});
export type SaltedgeProvider = z.infer<typeof provider>;

export const connectSession = z.object({ connect_url: z.url(), expires_at: z.string() });

export const attempt = z.object({
  finished: z.boolean().nullish(),
  fail_error_class: z.string().nullish(),
  fail_message: z.string().nullish(),
});

export const connection = z.object({
  id: z.string(),
  customer_id: z.string(),
  provider_code: z.string(),
  provider_name: z.string(),
  country_code: z.string(),
  status: z.enum(["active", "inactive", "disabled"]),
  last_attempt: attempt.nullish(),
  next_refresh_possible_at: z.string().nullish(),
  last_consent_id: z.string().nullish(),
});
export type SaltedgeConnection = z.infer<typeof connection>;

export const removedConnection = z.object({ id: z.string(), removed: z.boolean() });

export const consent = z.object({ id: z.string(), expires_at: z.string().nullish(), revoked_at: z.string().nullish() });

export const account = z.object({
  id: z.string(),
  name: z.string(),
  nature: z.string().nullish(),
  balance: z.number().nullish(),
  currency_code: currency,
  extra: z.object({ iban: z.string().nullish(), account_number: z.string().nullish() }).nullish(),
});
export type SaltedgeAccount = z.infer<typeof account>;

export const transaction = z.object({
  id: z.string().min(1),
  status: z.enum(["posted", "pending"]),
  made_on: isoDate,
  /** Signed, negative = money out; a JSON number. */
  amount: z.number(),
  currency_code: currency,
  description: z.string(),
  duplicated: z.boolean().nullish(),
  extra: z
    .object({ id: z.string().nullish(), posting_date: isoDate.nullish(), payee: z.string().nullish(), payer: z.string().nullish() })
    .nullish(),
});
export type SaltedgeTransaction = z.infer<typeof transaction>;
