import { z } from "zod";
import type { MessageKey } from "@/i18n/message";
import { providerIds } from "./providers/types";
import { isIsoDate } from "@/lib/dates";
import { isCurrencyCode } from "@/lib/money";
import { isCountryCode } from "@/lib/countries";

/**
 * The zod schemas of what users type; forms and the headless seed parse with these. Every message is a
 * catalog key ("Validation" in messages/en/common.json), said in the reader's language by the action
 * that parses (lib/form-errors.ts invalid()); the limits are written in the texts.
 */
const requiredText = (required: MessageKey, tooLong: MessageKey, max: number) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong);

export const email = z
  .string({ error: "Validation.enterEmail" })
  .trim()
  .toLowerCase()
  .pipe(z.email("Validation.invalidEmail").max(254, "Validation.emailTooLong"));

export const password = z
  .string({ error: "Validation.enterPassword" })
  .min(10, "Validation.passwordTooShort")
  .max(200, "Validation.passwordTooLong");

export const isoDate = z
  .string({ error: "Validation.enterDate" })
  .trim()
  .min(1, { error: "Validation.enterDate", abort: true })
  .refine(isIsoDate, "Validation.invalidDate");

export const setupInput = z.object({
  companyName: requiredText("Validation.enterCompanyName", "Validation.companyNameTooLong", 200),
  country: z.string().trim().toUpperCase().refine(isCountryCode, "Validation.chooseCountry"),
  currency: z.string().trim().toUpperCase().refine(isCurrencyCode, "Validation.chooseCurrency"),
  email,
  password,
});
export type SetupInput = z.infer<typeof setupInput>;

export const newUserInput = z.object({
  email,
  password,
  role: z.enum(["admin", "accountant", "viewer"], { error: "Validation.chooseRole" }),
});
export type NewUserInput = z.infer<typeof newUserInput>;

const optionalText = (tooLong: MessageKey, max: number) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

export const manualBankAccountInput = z.object({
  accountNumber: z.string({ error: "Validation.enterAccountNumber" }),
  bankName: optionalText("Validation.bankNameTooLong", 200),
  bic: optionalText("Validation.swiftCodeTooLong", 20),
});
export type ManualBankAccountInput = z.infer<typeof manualBankAccountInput>;

export const manualLineInput = z.object({
  date: isoDate,
  label: requiredText("Validation.enterLabel", "Validation.labelTooLong", 1000),
  partnerName: optionalText("Validation.partnerTooLong", 200),
  amount: z.string({ error: "Validation.enterAmount" }),
});
export type ManualLineInput = z.infer<typeof manualLineInput>;

export const lockDateInput = z.object({
  lockEverythingDate: z
    .string()
    .trim()
    .refine((v) => v === "" || isIsoDate(v), "Validation.invalidDate")
    .transform((v) => (v === "" ? null : v)),
});

export const startConnectionInput = z.object({
  institutionId: z.uuid("Validation.chooseBank"),
  provider: z.enum(providerIds, "Validation.chooseProvider"),
  psuType: z.enum(["personal", "business"]).nullable(),
  journalId: z.uuid().nullable(),
});
export type StartConnectionRequest = z.infer<typeof startConnectionInput>;

export const synchronizeAccountsInput = z.object({
  attemptId: z.uuid(),
  choices: z
    .array(z.object({ accountId: z.uuid(), target: z.union([z.literal("new"), z.literal("skip"), z.uuid()]) }))
    .max(500),
});
