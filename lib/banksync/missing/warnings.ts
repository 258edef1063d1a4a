export const BEFORE_CONNECTION_WARNING = "The start date is before the bank connection was created. This might cause duplicate entries.";

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
export function missingFetchWarnings(facts: WarningFacts): string[] {
  const warnings: string[] = [];
  if (facts.since < facts.connectionCreatedOn) warnings.push(BEFORE_CONNECTION_WARNING);
  if (facts.since < facts.historyStart) warnings.push(`The bank gives transactions from ${facts.historyStart} only: nothing older can be listed.`);
  if (facts.manualLines > 0) {
    warnings.push(
      facts.manualLines === 1
        ? "This period holds 1 line entered by hand: importing may duplicate it."
        : `This period holds ${facts.manualLines} lines entered by hand: importing may duplicate them.`,
    );
  }
  if (facts.lockDate !== null && facts.since <= facts.lockDate) {
    warnings.push(`The period up to ${facts.lockDate} is locked: transactions dated on or before it cannot be imported.`);
  }
  return warnings;
}
