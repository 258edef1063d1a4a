import { sanitizeAccountNumber } from "@/lib/bank-identifiers";

/** What "the same transaction" compares (DESIGN.md, "Duplicates"); two lines without an account number count as equal. */
export type DuplicateFields = { date: string; amountMinor: bigint; currency: string; counterpartAccount: string | null; onlineTransactionId: string | null };

export function duplicateKey(line: Omit<DuplicateFields, "onlineTransactionId">): string {
  const account = line.counterpartAccount ? sanitizeAccountNumber(line.counterpartAccount) : "";
  return `${line.date}|${line.currency}|${line.amountMinor}|${account}`;
}

export type DuplicateOptions = {
  /**
   * An incoming line without a counterpart account number matches an existing line whatever its
   * number: a bank's statement file often leaves the number out where the provider's feed gives it,
   * and the same payment must still be caught.
   */
  unknownAccountMatchesAny?: boolean;
};

/**
 * Possible duplicates among lines about to be imported and the journal's lines of the same dates:
 * same currency, amount, account number and date, but another (or no) online id. Both lines of such a
 * pair are flagged; neither is dropped (two equal payments on one day are common).
 */
export function findPossibleDuplicates<E extends DuplicateFields & { id: string }>(
  incoming: DuplicateFields[],
  existing: E[],
  options: DuplicateOptions = {},
): { incoming: Set<number>; existing: Set<string> } {
  const flaggedIncoming = new Set<number>();
  const flaggedExisting = new Set<string>();
  const existingByKey = new Map<string, E[]>();
  const existingByDay = new Map<string, E[]>();
  for (const line of existing) {
    const key = duplicateKey(line);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), line]);
    if (options.unknownAccountMatchesAny) {
      const day = duplicateKey({ ...line, counterpartAccount: null });
      existingByDay.set(day, [...(existingByDay.get(day) ?? []), line]);
    }
  }
  const incomingByKey = new Map<string, number[]>();
  incoming.forEach((line, index) => {
    const key = duplicateKey(line);
    incomingByKey.set(key, [...(incomingByKey.get(key) ?? []), index]);
  });
  const differs = (a: string | null, b: string | null) => a === null || b === null || a !== b;
  for (const [key, indexes] of incomingByKey) {
    for (const index of indexes) {
      const line = incoming[index]!;
      const unknownAccount = options.unknownAccountMatchesAny && !line.counterpartAccount;
      for (const other of (unknownAccount ? existingByDay.get(key) : existingByKey.get(key)) ?? []) {
        if (differs(line.onlineTransactionId, other.onlineTransactionId)) {
          flaggedIncoming.add(index);
          flaggedExisting.add(other.id);
        }
      }
      for (const otherIndex of indexes) {
        if (otherIndex !== index && differs(line.onlineTransactionId, incoming[otherIndex]!.onlineTransactionId)) flaggedIncoming.add(index);
      }
    }
  }
  return { incoming: flaggedIncoming, existing: flaggedExisting };
}
