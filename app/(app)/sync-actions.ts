"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { setAutoSync } from "@/lib/banksync/connection-settings";
import { connectionRefusal } from "@/lib/banksync/connections/refusal";
import { fetchJournal } from "@/lib/banksync/sync/requests";
import { syncRequestDeps } from "@/lib/connect-deps";
import { appClock } from "@/lib/clock";
import { requireViewer } from "@/lib/session";

export type FetchAnswer = { ok: true; runId: string; alreadyActive: boolean } | { ok: false; message: string };

/** "Fetch Transactions" on a journal card: queues a synchronization, or answers the one already under way. */
export async function fetchTransactionsAction(journalId: unknown): Promise<FetchAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(journalId);
  if (!parsed.success) return { ok: false, message: (await serverTranslator())("Connection.errors.journalNotFound") };
  try {
    const run = await fetchJournal(await syncRequestDeps(), actor, parsed.data);
    return { ok: true, runId: run.runId, alreadyActive: run.alreadyActive };
  } catch (error) {
    return await connectionRefusal(error);
  }
}

const autoSyncInput = z.object({ connectionId: z.uuid(), enabled: z.boolean() });

export type AutoSyncAnswer = { ok: true } | { ok: false; message: string };

/** "Disable automatic synchronization" (and the connection's switch): the scheduler then leaves it alone. */
export async function setAutoSyncAction(input: unknown): Promise<AutoSyncAnswer> {
  const { actor } = await requireViewer();
  const parsed = autoSyncInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: (await serverTranslator())("Connection.errors.connectionNotFound") };
  try {
    await setAutoSync(await getDb(), actor, parsed.data.connectionId, parsed.data.enabled, appClock.now());
  } catch (error) {
    return await connectionRefusal(error);
  }
  revalidatePath("/");
  revalidatePath("/configuration/online-synchronization", "layout");
  return { ok: true };
}
