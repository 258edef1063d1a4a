import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, companies, journals } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { parseAccountNumber, parseBic } from "@/lib/bank-identifiers";
import { assertCanWrite, type Actor } from "./actor";
import { NotFoundError, ValidationError } from "./errors";
import type { ManualBankAccountInput } from "./inputs";

/**
 * "Add new bank": a bank account and a bank journal named after its account number, in the
 * company's currency, not synchronized.
 */
export async function addManualBankAccount(db: Db, actor: Actor, input: ManualBankAccountInput): Promise<{ journalId: string }> {
  assertCanWrite(actor);
  const fieldErrors: Record<string, Message[]> = {};
  const number = parseAccountNumber(input.accountNumber);
  if (!number.ok) fieldErrors.accountNumber = [number.error];
  const bic = input.bic === undefined ? undefined : parseBic(input.bic);
  if (bic && !bic.ok) fieldErrors.bic = [bic.error];
  if (!number.ok || (bic && !bic.ok)) throw new ValidationError(fieldErrors);

  return db.transaction(async (tx) => {
    const [company] = await tx
      .select({ currency: companies.currency })
      .from(companies)
      .where(eq(companies.id, actor.companyId))
      .for("update");
    if (!company) throw new NotFoundError("Company");
    const [taken] = await tx
      .select({ id: bankAccounts.id })
      .from(bankAccounts)
      .where(and(eq(bankAccounts.companyId, actor.companyId), eq(bankAccounts.sanitizedAccountNumber, number.sanitized)));
    if (taken) throw new ValidationError({ accountNumber: [message("ManualBank.numberTaken")] });
    const [account] = await tx
      .insert(bankAccounts)
      .values({
        companyId: actor.companyId,
        accountNumber: number.display,
        sanitizedAccountNumber: number.sanitized,
        bankName: input.bankName ?? null,
        bic: bic?.ok ? bic.bic : null,
      })
      .returning({ id: bankAccounts.id });
    const [journal] = await tx
      .insert(journals)
      .values({ companyId: actor.companyId, name: number.display, currency: company.currency, bankAccountId: account!.id })
      .returning({ id: journals.id });
    return { journalId: journal!.id };
  });
}
