import { randomUUID } from "node:crypto";
import type { BankTransaction } from "../store";

/**
 * What one paginated transactions fetch serves, kept between its pages: the first page reads the
 * bank once, the next ones slice what it read, as a bank pages through one snapshot. Without it every
 * page read the whole account again, quadratic in its size (100,000 transactions: 1,000 pages of a
 * full read each). Per process and short-lived: a continuation whose snapshot is gone reads the bank
 * again at the same offset, as every page did before.
 */
export type FetchSnapshot = { transactions: BankTransaction[]; ids: string[] };

const LIFETIME_MS = 10 * 60_000;
/** A bound on the memory a forgotten fetch can hold. */
const MAX_SNAPSHOTS = 16;

const held = new Map<string, FetchSnapshot & { expiresAt: number }>();

export function keepSnapshot(snapshot: FetchSnapshot, now = Date.now()): string {
  for (const [id, kept] of held) if (kept.expiresAt <= now) held.delete(id);
  while (held.size >= MAX_SNAPSHOTS) held.delete(held.keys().next().value!);
  const id = randomUUID();
  held.set(id, { ...snapshot, expiresAt: now + LIFETIME_MS });
  return id;
}

export function snapshotOf(id: string, now = Date.now()): FetchSnapshot | null {
  const kept = held.get(id);
  if (!kept || kept.expiresAt <= now) return null;
  return kept;
}

/** The fetch's last page is served. */
export function dropSnapshot(id: string): void {
  held.delete(id);
}
