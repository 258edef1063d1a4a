import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deletedOnlineTransactions } from "@/db/schema";

type Tx = Pick<Db, "insert" | "select" | "delete">;

/**
 * Remembers the bank transactions behind deleted lines, so the synchronization's overlap (it reads the
 * last days again) does not bring a deleted duplicate back. Lines without an online id need nothing.
 */
export async function rememberDeletedLines(tx: Tx, lines: { journalId: string; onlineTransactionId: string | null }[], userId: string | null): Promise<void> {
  const rows = lines
    .filter((l): l is { journalId: string; onlineTransactionId: string } => l.onlineTransactionId !== null)
    .map((l) => ({ journalId: l.journalId, onlineTransactionId: l.onlineTransactionId, deletedBy: userId }));
  if (rows.length > 0) await tx.insert(deletedOnlineTransactions).values(rows).onConflictDoNothing();
}

/** Which of these online ids were deleted from the journal by a user. */
export async function deletedOnlineIds(tx: Tx, journalId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .select({ id: deletedOnlineTransactions.onlineTransactionId })
    .from(deletedOnlineTransactions)
    .where(and(eq(deletedOnlineTransactions.journalId, journalId), inArray(deletedOnlineTransactions.onlineTransactionId, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Imported on purpose again (Find Missing Transactions): the synchronization may keep it from now on. */
export async function forgetDeletedLines(tx: Tx, journalId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .delete(deletedOnlineTransactions)
    .where(and(eq(deletedOnlineTransactions.journalId, journalId), inArray(deletedOnlineTransactions.onlineTransactionId, ids)));
}
