"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverTranslator } from "@/i18n/translate";
import { linkAccountJournal, resetAccountFetch } from "@/lib/banksync/connections/accounts";
import { deleteConnection, type DeleteOutcome } from "@/lib/banksync/connections/delete";
import { connectionRefusal } from "@/lib/banksync/connections/refusal";
import { fetchConnection } from "@/lib/banksync/sync/requests";
import { manageDeps, syncRequestDeps } from "@/lib/connect-deps";
import { requireViewer } from "@/lib/session";

export type ManageAnswer = { ok: true } | { ok: false; message: string };

const LIST = "/configuration/online-synchronization";

function refresh() {
  revalidatePath(LIST, "layout");
  revalidatePath("/");
}

/** A refusal for input that names nothing this company has. */
async function notFound(key: "Connection.errors.connectionNotFound" | "Connection.errors.accountNotFound" | "Connection.errors.chooseJournal") {
  return { ok: false as const, message: (await serverTranslator())(key) };
}

/** "Fetch Transactions" on a connection's page. */
export async function fetchConnectionAction(connectionId: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(connectionId);
  if (!parsed.success) return notFound("Connection.errors.connectionNotFound");
  try {
    await fetchConnection(await syncRequestDeps(), actor, parsed.data);
  } catch (error) {
    return await connectionRefusal(error);
  }
  refresh();
  return { ok: true };
}

/** What the delete dialog is told, said in the reader's language (the provider's own message labelled, as sent). */
export type DeleteView =
  | { status: "deleted" }
  | { status: "kept"; message: string }
  | { status: "failed"; message: string; providerMessage: string | null; reference: string };

export type DeleteAnswer = { ok: true; outcome: DeleteView } | { ok: false; message: string };

async function deleteView(outcome: DeleteOutcome): Promise<DeleteView> {
  if (outcome.status === "deleted") return outcome;
  const t = await serverTranslator();
  if (outcome.status === "kept") return { status: "kept", message: t(outcome.message.key, outcome.message.values) };
  return {
    status: "failed",
    message: t(outcome.message.key, outcome.message.values),
    providerMessage: outcome.providerMessage ? t("ProviderErrors.providerMessage", { provider: outcome.providerName, message: outcome.providerMessage }) : null,
    reference: outcome.reference,
  };
}

/** "Delete" (after its confirmation): revokes the consent, then removes the connection. */
export async function deleteConnectionAction(connectionId: unknown): Promise<DeleteAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(connectionId);
  if (!parsed.success) return notFound("Connection.errors.connectionNotFound");
  try {
    const outcome = await deleteConnection(await manageDeps(), actor, parsed.data);
    refresh();
    return { ok: true, outcome: await deleteView(outcome) };
  } catch (error) {
    return await connectionRefusal(error);
  }
}

const linkInput = z.object({ accountId: z.uuid(), journalId: z.uuid().nullable() });

/** An account's journal: another unlinked one of its currency, or "Not synchronized" (null). */
export async function linkAccountJournalAction(input: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = linkInput.safeParse(input);
  if (!parsed.success) return notFound("Connection.errors.chooseJournal");
  try {
    await linkAccountJournal(await manageDeps(), actor, parsed.data.accountId, parsed.data.journalId);
  } catch (error) {
    return await connectionRefusal(error);
  }
  refresh();
  return { ok: true };
}

/** "Reset": frees an account whose fetch is stuck in progress with no worker holding it. */
export async function resetAccountFetchAction(accountId: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(accountId);
  if (!parsed.success) return notFound("Connection.errors.accountNotFound");
  try {
    await resetAccountFetch(await manageDeps(), actor, parsed.data);
  } catch (error) {
    return await connectionRefusal(error);
  }
  refresh();
  return { ok: true };
}
