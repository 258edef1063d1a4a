import { z } from "zod";
import { providerIds } from "./providers/types";
import { isIsoDate } from "@/lib/dates";
import { isCurrencyCode } from "@/lib/money";
import { isCountryCode } from "@/lib/countries";

/** The zod schemas of what users type; forms and the headless seed parse with these. */

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(max, `The ${label} has at most ${max} characters.`);

export const email = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254, "An email address has at most 254 characters."));

export const password = z
  .string({ error: "Enter a password." })
  .min(10, "A password has at least 10 characters.")
  .max(200, "A password has at most 200 characters.");

export const isoDate = z
  .string({ error: "Enter a date." })
  .trim()
  .min(1, { error: "Enter a date.", abort: true })
  .refine(isIsoDate, "Enter a real date as YYYY-MM-DD.");

export const setupInput = z.object({
  companyName: requiredText("company name", 200),
  country: z.string().trim().toUpperCase().refine(isCountryCode, "Choose a country."),
  currency: z.string().trim().toUpperCase().refine(isCurrencyCode, "Choose a currency."),
  email,
  password,
});
export type SetupInput = z.infer<typeof setupInput>;

export const newUserInput = z.object({
  email,
  password,
  role: z.enum(["admin", "accountant", "viewer"], { error: "Choose a role." }),
});
export type NewUserInput = z.infer<typeof newUserInput>;

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} has at most ${max} characters.`)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

export const manualBankAccountInput = z.object({
  accountNumber: z.string({ error: "Enter the account number." }),
  bankName: optionalText("bank name", 200),
  bic: optionalText("SWIFT code", 20),
});
export type ManualBankAccountInput = z.infer<typeof manualBankAccountInput>;

export const manualLineInput = z.object({
  date: isoDate,
  label: requiredText("label", 1000),
  partnerName: optionalText("partner", 200),
  amount: z.string({ error: "Enter an amount." }),
});
export type ManualLineInput = z.infer<typeof manualLineInput>;

export const lockDateInput = z.object({
  lockEverythingDate: z
    .string()
    .trim()
    .refine((v) => v === "" || isIsoDate(v), "Enter a real date as YYYY-MM-DD.")
    .transform((v) => (v === "" ? null : v)),
});

export const startConnectionInput = z.object({
  institutionId: z.uuid("Choose a bank."),
  provider: z.enum(providerIds, "Choose a provider."),
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
