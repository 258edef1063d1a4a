import { z } from "zod";
import { isIsoDate } from "@/lib/dates";
import { isCurrencyCode } from "@/lib/money";

/**
 * Zod schemas of Enable Banking's JSON (PROVIDERS.md). Objects the app stores as `raw` keep the
 * fields this file does not name (looseObject); the rest only keeps what the adapter reads.
 */

const currency = z.string().refine(isCurrencyCode, "an ISO 4217 currency");
const date = z.string().refine(isIsoDate, "a date YYYY-MM-DD");
const decimal = z.string().regex(/^[+-]?\d+(\.\d+)?$/, "a decimal string");

export const amountSchema = z.object({ amount: decimal, currency });

export const accountIdentificationSchema = z.object({
  iban: z.string().nullish(),
  other: z.object({ identification: z.string(), scheme_name: z.string().nullish() }).nullish(),
});

export const aspspSchema = z.object({
  name: z.string().min(1),
  country: z.string().length(2),
  logo: z.string().nullish(),
  bic: z.string().nullish(),
  psu_types: z.array(z.string()).nullish(),
  /** Seconds. */
  maximum_consent_validity: z.number().int().nonnegative().nullish(),
  beta: z.boolean().nullish(),
  transaction_total_days: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).nullish(),
});
export type Aspsp = z.infer<typeof aspspSchema>;
export const aspspsResponse = z.object({ aspsps: z.array(aspspSchema) });

export const authResponse = z.object({ url: z.url(), authorization_id: z.string().nullish() });

const access = z.object({ valid_until: z.iso.datetime({ offset: true }) });

export const accountSchema = z.looseObject({
  uid: z.string().min(1),
  account_id: accountIdentificationSchema.nullish(),
  name: z.string().nullish(),
  product: z.string().nullish(),
  currency,
});
export type Account = z.infer<typeof accountSchema>;

export const sessionResponse = z.object({
  session_id: z.string().min(1),
  accounts: z.array(accountSchema),
  access,
});

export const getSessionResponse = z.object({
  status: z.string(),
  accounts: z.array(z.string()),
  access,
});

export const balanceSchema = z.object({
  balance_amount: amountSchema,
  balance_type: z.string(),
  reference_date: date.nullish(),
});
export type Balance = z.infer<typeof balanceSchema>;
export const balancesResponse = z.object({ balances: z.array(balanceSchema) });

const party = z.object({ name: z.string().nullish() }).nullish();

export const transactionSchema = z.looseObject({
  transaction_id: z.string().nullish(),
  entry_reference: z.string().nullish(),
  /** Unsigned: the sign is in credit_debit_indicator. */
  transaction_amount: amountSchema,
  credit_debit_indicator: z.enum(["CRDT", "DBIT"]),
  status: z.enum(["BOOK", "PDNG", "HOLD", "SCHD", "CNCL", "RJCT", "OTHR"]),
  booking_date: date.nullish(),
  value_date: date.nullish(),
  transaction_date: date.nullish(),
  remittance_information: z.array(z.string()).nullish(),
  creditor: party,
  debtor: party,
  creditor_account: accountIdentificationSchema.nullish(),
  debtor_account: accountIdentificationSchema.nullish(),
});
export type Transaction = z.infer<typeof transactionSchema>;

export const transactionsResponse = z.object({
  transactions: z.array(transactionSchema),
  continuation_key: z.string().nullish(),
});

/**
 * `{code, message, detail}`. This project's contract has `code` as a word (EXPIRED_SESSION); the
 * live API has been seen sending the HTTP status as `code` and the word as `error`: both are read.
 */
export const errorBody = z.object({
  code: z.union([z.string(), z.number()]).nullish(),
  error: z.string().nullish(),
  message: z.string().nullish(),
  detail: z.unknown().optional(),
});

/** Bodies the adapter does not read (DELETE's `{message: "OK"}`). */
export const anyBody = z.unknown();
