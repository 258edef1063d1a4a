"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator, translate } from "@/i18n/translate";
import { assertCanWrite } from "@/lib/banksync/actor";
import type { StatementImportAnswer, StatementSampleResult } from "@/lib/banksync/statement-files/contract";
import { csvDelimiters, csvEncodings } from "@/lib/banksync/statement-files/csv/mapping";
import { importStatementFile } from "@/lib/banksync/statement-files/import";
import { sampleStatementFile } from "@/lib/banksync/statement-files/sample";
import { discardStatementImport } from "@/lib/banksync/statement-files/stage";
import { appClock } from "@/lib/clock";
import { userMessage } from "@/lib/form-errors";
import { requireViewer } from "@/lib/session";

/** The head a sample reads: the file's first 64 KB. */
const HEAD_BYTES = 64 * 1024;

const sampleForm = z.object({
  fileName: z.string().trim().min(1).max(255),
  complete: z.enum(["0", "1"]).default("0"),
  encoding: z.enum(csvEncodings).optional(),
  delimiter: z.enum(csvDelimiters).optional(),
  skipRows: z.coerce.number().int().min(0).max(100).optional(),
});

/**
 * The mapping step's sample: `form` holds `head` (a Blob, the file's first 64 KB), `fileName`, and
 * optionally `encoding`, `delimiter`, `skipRows` to read the sample again with other settings.
 */
export async function sampleStatementAction(journalId: string, form: FormData): Promise<StatementSampleResult> {
  const { actor } = await requireViewer();
  const head = form.get("head");
  const fields = sampleForm.safeParse({
    fileName: form.get("fileName"),
    complete: form.get("complete") ?? undefined,
    encoding: form.get("encoding") || undefined,
    delimiter: form.get("delimiter") || undefined,
    skipRows: form.get("skipRows") || undefined,
  });
  const t = await serverTranslator();
  if (!(head instanceof Blob) || !fields.success) return { ok: false, error: t("StatementImport.errors.chooseFile") };
  if (head.size === 0) return { ok: false, error: t("StatementFiles.file.empty") };
  try {
    assertCanWrite(actor);
    const bytes = new Uint8Array(await head.slice(0, HEAD_BYTES).arrayBuffer());
    const sample = await sampleStatementFile(await getDb(), actor, journalId, { ...fields.data, head: bytes, complete: fields.data.complete === "1" });
    return sample.ok ? sample : { ok: false, error: await translate(sample.error) };
  } catch (error) {
    return { ok: false, error: await refusal(error) };
  }
}

/** "Import": writes a previewed (staged) file into the journal, all or nothing. */
export async function importStatementAction(journalId: string, importId: string): Promise<StatementImportAnswer> {
  const { actor } = await requireViewer();
  try {
    const result = await importStatementFile(await getDb(), appClock, actor, journalId, importId);
    revalidatePath(`/journals/${journalId}/reconciliation`);
    revalidatePath("/");
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: await refusal(error) };
  }
}

/** "Cancel" or "Back" after a preview: the staged file is dropped. */
export async function discardStatementAction(journalId: string, importId: string): Promise<void> {
  const { actor } = await requireViewer();
  if (!z.uuid().safeParse(journalId).success || !z.uuid().safeParse(importId).success) return;
  await discardStatementImport(await getDb(), actor, journalId, importId);
}

/** An error the user can act on, said in the user's language; anything else is rethrown (Next shows its digest). */
async function refusal(error: unknown): Promise<string> {
  const text = await userMessage(error);
  if (text === null) throw error;
  return text;
}
