import type { Delivered } from "./records";

/**
 * The heart of /transactions/sync: what changed between what a cursor had delivered and what the
 * bank holds now. Pure, so paging and the pending→posted semantics are tested without a server.
 */

export type SyncTransaction = { transaction_id: string; account_id: string; date: string };

export type SyncChange<T extends SyncTransaction> =
  | { kind: "added" | "modified"; transaction: T; fingerprint: string }
  | { kind: "removed"; transactionId: string; accountId: string };

const byDateThenId = (a: { date: string; id: string }, b: { date: string; id: string }) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Removed first (a pending row that posted leaves before its posted row arrives), then modified,
 * then added, each oldest first. A delivered transaction older than `windowStart` has aged out of
 * what the bank serves: Plaid keeps it, so it is not reported as removed.
 */
export function syncChanges<T extends SyncTransaction>(
  current: T[],
  delivered: Delivered,
  windowStart: string,
  fingerprint: (transaction: T) => string,
): SyncChange<T>[] {
  const now = new Map(current.map((t) => [t.transaction_id, t]));
  const removed = Object.entries(delivered)
    .filter(([id, [date]]) => !now.has(id) && date >= windowStart)
    .map(([id, [date, accountId]]) => ({ id, date, accountId }))
    .sort(byDateThenId)
    .map((r): SyncChange<T> => ({ kind: "removed", transactionId: r.id, accountId: r.accountId }));
  const modified: SyncChange<T>[] = [];
  const added: SyncChange<T>[] = [];
  for (const transaction of [...current].sort((a, b) => byDateThenId({ date: a.date, id: a.transaction_id }, { date: b.date, id: b.transaction_id }))) {
    const print = fingerprint(transaction);
    const before = delivered[transaction.transaction_id];
    if (!before) added.push({ kind: "added", transaction, fingerprint: print });
    else if (before[2] !== print) modified.push({ kind: "modified", transaction, fingerprint: print });
  }
  return [...removed, ...modified, ...added];
}

/** What the next cursor stands for once `changes` are delivered on top of `delivered`. */
export function deliver<T extends SyncTransaction>(delivered: Delivered, changes: SyncChange<T>[]): Delivered {
  const next: Delivered = { ...delivered };
  for (const change of changes) {
    if (change.kind === "removed") delete next[change.transactionId];
    else next[change.transaction.transaction_id] = [change.transaction.date, change.transaction.account_id, change.fingerprint];
  }
  return next;
}
