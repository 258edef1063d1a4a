import { createTranslator } from "next-intl";
import type { Db } from "@/db/client";
import { createCompanyWithAdmin, hasAnyUser } from "@/lib/banksync/companies";
import { setupInput } from "@/lib/banksync/inputs";
import { logger } from "@/lib/logger";
import en from "@/messages/en";

/** The schemas' messages are catalog keys: the operator reads them in English. */
const english = createTranslator({ locale: "en", messages: en, timeZone: "UTC" }) as unknown as ((key: string) => string) & { has(key: string): boolean };

/**
 * Headless set-up: with ADMIN_EMAIL and ADMIN_PASSWORD set and no user yet, creates the company and
 * its first admin as /setup would. Bad values stop the start with a message naming them.
 */
export async function seedFromEnv(db: Db, source: Record<string, string | undefined>): Promise<"seeded" | "skipped"> {
  if (!source.ADMIN_EMAIL && !source.ADMIN_PASSWORD) return "skipped";
  if (await hasAnyUser(db)) return "skipped";
  const input = setupInput.safeParse({
    companyName: source.COMPANY_NAME ?? "My Company",
    country: source.COMPANY_COUNTRY ?? "BE",
    currency: source.COMPANY_CURRENCY ?? "EUR",
    email: source.ADMIN_EMAIL,
    password: source.ADMIN_PASSWORD,
  });
  if (!input.success) {
    const names: Record<string, string> = {
      companyName: "COMPANY_NAME",
      country: "COMPANY_COUNTRY",
      currency: "COMPANY_CURRENCY",
      email: "ADMIN_EMAIL",
      password: "ADMIN_PASSWORD",
    };
    const problems = input.error.issues.map((i) => `${names[String(i.path[0])] ?? i.path.join(".")}: ${english.has(i.message) ? english(i.message) : i.message}`);
    throw new Error(`Cannot create the first account from the environment: ${problems.join("; ")}`);
  }
  await createCompanyWithAdmin(db, input.data);
  logger.info("created the company and its first admin from the environment", { email: input.data.email });
  return "seeded";
}
