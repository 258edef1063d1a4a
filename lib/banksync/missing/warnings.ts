import { message, type Message } from "@/i18n/message";

export const BEFORE_CONNECTION_WARNING = message("FindMissing.warnings.beforeConnection");

export type WarningFacts = {
  since: string;
  /** The UTC date the bank connection was created. */
  connectionCreatedOn: string;
  /** The oldest date the bank gives through its provider (its history limit). */
  historyStart: string;
  /** Lines entered by hand in the journal from `since` on. */
  manualLines: number;
  lockDate: string | null;
};

/**
 * What the user should know before importing from a Find Missing Transactions answer: the two
 * ways it can double-count (the bank's older lines already came another way, or were typed by hand),
 * what the bank cannot give, and a locked period whose transactions are listed but cannot be imported.
 */
export function missingFetchWarnings(facts: WarningFacts): Message[] {
  const warnings: Message[] = [];
  if (facts.since < facts.connectionCreatedOn) warnings.push(BEFORE_CONNECTION_WARNING);
  if (facts.since < facts.historyStart) warnings.push(message("FindMissing.warnings.historyStart", { date: facts.historyStart }));
  if (facts.manualLines > 0) warnings.push(message("FindMissing.warnings.manualLines", { count: facts.manualLines }));
  if (facts.lockDate !== null && facts.since <= facts.lockDate) {
    warnings.push(message("FindMissing.warnings.locked", { date: facts.lockDate }));
  }
  return warnings;
}
