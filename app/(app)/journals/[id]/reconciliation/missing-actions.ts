"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Message } from "@/i18n/message";
import { serverTranslator } from "@/i18n/translate";
import { MissingFetchError } from "@/lib/banksync/missing/failure";
import { findMissingTransactions } from "@/lib/banksync/missing/find";
import { importMissingTransactions } from "@/lib/banksync/missing/import";
import { localizedValues } from "@/lib/banksync/missing/say";
import { connectDeps } from "@/lib/connect-deps";
import { userMessage } from "@/lib/form-errors";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

/** One listed transaction as the browser receives it: the amount as a string of minor units. */
export type MissingRow = {
  id: string;
  date: string;
  label: string;
  partner: string | null;
  counterpartAccount: string | null;
  amountMinor: string;
  currency: string;
  status: "posted" | "pending";
};

export type Refusal = { ok: false; message: string; reference?: string };

export type FindMissingAnswer = { ok: true; fetchId: string; since: string; transactions: MissingRow[]; warnings: string[] } | Refusal;

export type ImportMissingAnswer = { ok: true; imported: number; skippedKnown: number; flagged: number } | Refusal;

const findInput = z.object({ journalId: z.uuid(), since: z.iso.date() });

/** "Fetch" in Find Missing Transactions: asks the bank and lists what the journal lacks. */
export async function findMissingAction(input: unknown): Promise<FindMissingAnswer> {
  const { actor } = await requireViewer();
  const parsed = findInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: await say({ key: "FindMissing.refusals.enterStartDate" }) };
  try {
    const found = await findMissingTransactions(await connectDeps(), actor, parsed.data.journalId, parsed.data.since);
    return {
      ok: true,
      ...found,
      warnings: await Promise.all(found.warnings.map(say)),
      transactions: found.transactions.map((t) => ({ ...t, amountMinor: t.amountMinor.toString() })),
    };
  } catch (error) {
    return await refusal(error);
  }
}

const importInput = z.object({ journalId: z.uuid(), fetchId: z.string().max(100), ids: z.array(z.string().min(1).max(500)).max(10_000) });

/** "Import Transactions": the selected posted ones, through the synchronization's import path. */
export async function importMissingAction(input: unknown): Promise<ImportMissingAnswer> {
  const { actor } = await requireViewer();
  const parsed = importInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: await say({ key: "FindMissing.refusals.selectToImport" }) };
  const { journalId, fetchId, ids } = parsed.data;
  try {
    const { imported, skippedKnown, flagged } = await importMissingTransactions(await connectDeps(), actor, journalId, fetchId, ids);
    revalidatePath(`/journals/${journalId}/reconciliation`);
    revalidatePath("/");
    return { ok: true, imported, skippedKnown, flagged };
  } catch (error) {
    return await refusal(error);
  }
}

/** A Message in the reader's language, its dates and times in the reader's locale. */
async function say(message: Message): Promise<string> {
  const [t, locale] = await Promise.all([serverTranslator(), requestLocale()]);
  return t(message.key, localizedValues(message.values, locale));
}

/** An error the user can act on, in the reader's language; anything else is rethrown (Next shows its digest). */
async function refusal(error: unknown): Promise<Refusal> {
  if (error instanceof MissingFetchError) {
    const description = await say(error.userMessage);
    return { ok: false, message: await say({ key: "FindMissing.failures.withReference", values: { description, reference: error.reference } }), reference: error.reference };
  }
  const text = await userMessage(error);
  if (text === null) throw error;
  return { ok: false, message: text };
}
