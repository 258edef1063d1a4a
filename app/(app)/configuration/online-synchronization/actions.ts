"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { linkAccountJournal, resetAccountFetch } from "@/lib/banksync/connections/accounts";
import { deleteConnection, type DeleteOutcome } from "@/lib/banksync/connections/delete";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/banksync/errors";
import { fetchConnection } from "@/lib/banksync/sync/requests";
import { manageDeps, syncRequestDeps } from "@/lib/connect-deps";
import { requireViewer } from "@/lib/session";

export type ManageAnswer = { ok: true } | { ok: false; message: string };

const LIST = "/configuration/online-synchronization";

function refresh() {
  revalidatePath(LIST, "layout");
  revalidatePath("/");
}

/** The message of an error the user can act on; anything else is rethrown (Next shows its digest). */
function knownMessage(error: unknown): string {
  if (error instanceof ValidationError || error instanceof ForbiddenError || error instanceof NotFoundError) return error.message;
  throw error;
}

/** "Fetch Transactions" on a connection's page. */
export async function fetchConnectionAction(connectionId: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(connectionId);
  if (!parsed.success) return { ok: false, message: "Connection not found" };
  try {
    await fetchConnection(await syncRequestDeps(), actor, parsed.data);
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
  refresh();
  return { ok: true };
}

export type DeleteAnswer = { ok: true; outcome: DeleteOutcome } | { ok: false; message: string };

/** "Delete" (after its confirmation): revokes the consent, then removes the connection. */
export async function deleteConnectionAction(connectionId: unknown): Promise<DeleteAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(connectionId);
  if (!parsed.success) return { ok: false, message: "Connection not found" };
  try {
    const outcome = await deleteConnection(await manageDeps(), actor, parsed.data);
    refresh();
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
}

const linkInput = z.object({ accountId: z.uuid(), journalId: z.uuid().nullable() });

/** An account's journal: another unlinked one of its currency, or "Not synchronized" (null). */
export async function linkAccountJournalAction(input: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = linkInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Choose a journal of this account's currency." };
  try {
    await linkAccountJournal(await manageDeps(), actor, parsed.data.accountId, parsed.data.journalId);
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
  refresh();
  return { ok: true };
}

/** "Reset": frees an account whose fetch is stuck in progress with no worker holding it. */
export async function resetAccountFetchAction(accountId: unknown): Promise<ManageAnswer> {
  const { actor } = await requireViewer();
  const parsed = z.uuid().safeParse(accountId);
  if (!parsed.success) return { ok: false, message: "Account not found" };
  try {
    await resetAccountFetch(await manageDeps(), actor, parsed.data);
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
  refresh();
  return { ok: true };
}
