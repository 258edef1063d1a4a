import { z } from "zod";

/**
 * GoCardless Bank Account Data v2 responses (PROVIDERS.md). Only what the adapter reads is
 * required; transactions keep every other field so `raw` is what the bank sent.
 */

/** GoCardless sends day counts as strings ("730"); a number is accepted too. */
const dayCount = z.union([z.string().regex(/^\d+$/).transform(Number), z.number().int().nonnegative()]);

export const tokenNewSchema = z.object({
  access: z.string().min(1),
  access_expires: z.number().int().positive(),
  refresh: z.string().min(1),
  refresh_expires: z.number().int().positive(),
});

export const tokenRefreshSchema = z.object({
  access: z.string().min(1),
  access_expires: z.number().int().positive(),
});

export const institutionSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  bic: z.string().nullish(),
  transaction_total_days: dayCount,
  max_access_valid_for_days: dayCount.nullish(),
  countries: z.array(z.string().length(2)),
  logo: z.string().nullish(),
});
export type GocardlessInstitution = z.infer<typeof institutionSchema>;

export const institutionListSchema = z.array(institutionSchema);

export const agreementSchema = z.object({
  id: z.string().min(1),
  created: z.string(),
  institution_id: z.string(),
  max_historical_days: z.number().int(),
  access_valid_for_days: z.number().int(),
  access_scope: z.array(z.string()),
  accepted: z.string().nullable(),
});
export type GocardlessAgreement = z.infer<typeof agreementSchema>;

export const requisitionStatuses = ["CR", "GC", "UA", "RJ", "SA", "GA", "LN", "EX", "SU"] as const;

export const requisitionSchema = z.object({
  id: z.string().min(1),
  status: z.enum(requisitionStatuses),
  link: z.string().min(1),
  accounts: z.array(z.string()),
  reference: z.string().nullish(),
  agreement: z.string().nullish(),
  institution_id: z.string(),
});
export type GocardlessRequisition = z.infer<typeof requisitionSchema>;

const amountSchema = z.object({ amount: z.string(), currency: z.string() });

export const accountDetailsSchema = z.object({
  account: z.looseObject({
    resourceId: z.string().nullish(),
    iban: z.string().nullish(),
    bban: z.string().nullish(),
    maskedPan: z.string().nullish(),
    currency: z.string().nullish(),
    name: z.string().nullish(),
    displayName: z.string().nullish(),
    product: z.string().nullish(),
    ownerName: z.string().nullish(),
  }),
});
export type GocardlessAccountDetails = z.infer<typeof accountDetailsSchema>["account"];

export const balanceSchema = z.object({
  balanceAmount: amountSchema,
  balanceType: z.string(),
  referenceDate: z.string().nullish(),
});
export type GocardlessBalance = z.infer<typeof balanceSchema>;

export const balancesSchema = z.object({ balances: z.array(balanceSchema) });

const partyAccount = z.looseObject({ iban: z.string().nullish(), bban: z.string().nullish() }).nullish();

export const transactionSchema = z.looseObject({
  transactionId: z.string().nullish(),
  internalTransactionId: z.string().nullish(),
  entryReference: z.string().nullish(),
  bookingDate: z.string().nullish(),
  bookingDateTime: z.string().nullish(),
  valueDate: z.string().nullish(),
  valueDateTime: z.string().nullish(),
  transactionAmount: amountSchema,
  creditorName: z.string().nullish(),
  debtorName: z.string().nullish(),
  creditorAccount: partyAccount,
  debtorAccount: partyAccount,
  remittanceInformationUnstructured: z.string().nullish(),
  remittanceInformationUnstructuredArray: z.array(z.string()).nullish(),
  remittanceInformationStructured: z.string().nullish(),
  additionalInformation: z.string().nullish(),
});
export type GocardlessTransaction = z.infer<typeof transactionSchema>;

export const transactionsSchema = z.object({
  transactions: z.object({
    booked: z.array(transactionSchema),
    // Banks without pending data omit the list: that means none, not a malformed answer.
    pending: z.array(transactionSchema).optional(),
  }),
});

export const deletedSchema = z.unknown();

/** `{summary, detail, status_code, type?}`; validation errors nest it under the field name. */
export const errorBodySchema = z.object({
  summary: z.string().nullish(),
  detail: z.union([z.string(), z.array(z.string())]).nullish(),
  status_code: z.number().nullish(),
  type: z.string().nullish(),
});

/** What we keep of a connection (ConnectionSecret) and of an authorization in progress (PendingAuthorization). */
export const connectionSecretSchema = z.object({ requisitionId: z.string().min(1), agreementId: z.string().min(1) });
export type GocardlessSecret = z.infer<typeof connectionSecretSchema>;
