import { message, type Message } from "@/i18n/message";

/** A bank journal as account mapping sees it. */
export type MappableJournal = {
  id: string;
  name: string;
  currency: string;
  /** Its bank account's number, sanitized; null without one. */
  accountNumber: string | null;
  /** Already fed by an online account. */
  linked: boolean;
};

export type MappableAccount = { id: string; currency: string; /** Sanitized; null when the provider gave none. */ accountNumber: string | null };

/** "new" journal, an existing journal's id, or "skip" (not synchronized). */
export type MappingTarget = "new" | "skip" | string;

export type AccountMapping = {
  accountId: string;
  proposed: MappingTarget;
  /** Existing journals it may feed: same currency, not linked yet. */
  journalIds: string[];
  /** False when a journal already holds this account number: linking that one is the only way. */
  allowNew: boolean;
  /** Why the account cannot be synchronized into a new journal or the journal holding its number. */
  conflict: Message | null;
};

/**
 * What the account selection proposes: the journal holding the account's number first; then the
 * journal the user started from ("Connect bank" on a card); else a new journal. A journal is proposed
 * to one account at most. An account whose number a journal already holds cannot get a new journal
 * (one bank account, one journal): if that journal is synchronized already, or in another currency,
 * the account is not synchronized and the conflict says why.
 */
export function proposeMappings(accounts: MappableAccount[], journals: MappableJournal[], preferredJournalId: string | null): AccountMapping[] {
  const taken = new Set<string>();
  const owners = accounts.map((account) => (account.accountNumber ? journals.find((j) => j.accountNumber === account.accountNumber) : undefined));
  for (const [index, owner] of owners.entries()) {
    if (owner && !owner.linked && owner.currency === accounts[index]!.currency) taken.add(owner.id);
  }
  return accounts.map((account, index) => {
    const owner = owners[index];
    const journalIds = journals.filter((j) => !j.linked && j.currency === account.currency).map((j) => j.id);
    if (owner) {
      if (owner.linked) return { accountId: account.id, proposed: "skip", journalIds: [], allowNew: false, conflict: message("AccountSelection.conflicts.linked", { journal: owner.name }) };
      if (owner.currency !== account.currency) {
        return { accountId: account.id, proposed: "skip", journalIds: [], allowNew: false, conflict: message("AccountSelection.conflicts.otherCurrency", { journal: owner.name, currency: owner.currency }) };
      }
      return { accountId: account.id, proposed: owner.id, journalIds, allowNew: false, conflict: null };
    }
    let proposed: MappingTarget = "new";
    if (preferredJournalId && journalIds.includes(preferredJournalId) && !taken.has(preferredJournalId)) {
      proposed = preferredJournalId;
      taken.add(preferredJournalId);
    }
    return { accountId: account.id, proposed, journalIds, allowNew: true, conflict: null };
  });
}
