import { addDays } from "@/lib/dates";

/** Days re-read before the last synchronized date: banks book some transactions late. */
export const SYNC_OVERLAP_DAYS = 7;

export type WindowInput = {
  /** The app clock's date. */
  today: string;
  /** "Lock Everything": nothing dated on or before it is imported. */
  lockDate: string | null;
  /** Days of history the institution gives through this provider. */
  historyDays: number;
  /** The journal's last line's date, null when it is empty. */
  lastLineDate: string | null;
  /** The last date a completed synchronization covered, null before the first one. */
  lastSyncDate: string | null;
  /** The first synchronization's start, once known: nothing older is imported. */
  syncFrom: string | null;
};

export type SyncWindow = {
  /** Inclusive YYYY-MM-DD. */
  from: string;
  to: string;
  /** The first synchronization of an empty journal: an opening balance line completes it. */
  openingBalance: boolean;
};

/**
 * The dates to ask the provider for (DESIGN.md §4, step 2). First synchronization: from the day after
 * the journal's last line, or as far back as the institution allows when it is empty. Later ones: from
 * the last synchronized date minus a short overlap, never before the first one's start. Never on or
 * before the lock date. Null when there is nothing to ask for.
 */
export function syncWindow(input: WindowInput): SyncWindow | null {
  const first = input.lastSyncDate === null;
  let from: string;
  if (!first) from = addDays(input.lastSyncDate!, -SYNC_OVERLAP_DAYS);
  else if (input.syncFrom) from = input.syncFrom;
  else from = input.lastLineDate ? addDays(input.lastLineDate, 1) : addDays(input.today, -input.historyDays);
  if (input.syncFrom && from < input.syncFrom) from = input.syncFrom;
  if (input.lockDate && from <= input.lockDate) from = addDays(input.lockDate, 1);
  if (from > input.today) return null;
  return { from, to: input.today, openingBalance: first && input.lastLineDate === null };
}
