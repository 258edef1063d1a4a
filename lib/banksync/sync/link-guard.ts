import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { companies, journals, onlineAccounts } from "@/db/schema";

/**
 * The online account no longer feeds the journal a run writes to: its connection was deleted (its
 * accounts go with it), or the journal was removed or unlinked while the run paged through the provider.
 */
export class LinkGoneError extends Error {
  override name = "LinkGoneError";
}

/** Where a run's page goes: the account it comes from and the journal it feeds. */
export type Link = { companyId: string; journalId: string; onlineAccountId: string };

/**
 * Inside a page's transaction, before it writes: the company, the journal and the online account
 * still exist and the account still feeds the journal. Their rows stay locked until the commit, in
 * the order a deletion takes them (company, journal, account), so a deletion waits for the page in
 * flight rather than deadlocking with it, and no page lands after a deletion has committed.
 */
export async function assertStillLinked(tx: Db | Tx, link: Link): Promise<void> {
  const [company] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, link.companyId)).for("key share");
  const [journal] = company ? await tx.select({ id: journals.id }).from(journals).where(eq(journals.id, link.journalId)).for("key share") : [];
  const [account] = journal
    ? await tx.select({ journalId: onlineAccounts.journalId }).from(onlineAccounts).where(eq(onlineAccounts.id, link.onlineAccountId)).for("share")
    : [];
  if (!account) throw new LinkGoneError(journal ? "The online account was deleted during the synchronization." : "The journal was deleted during the synchronization.");
  if (account.journalId !== link.journalId) throw new LinkGoneError("The account was unlinked from its journal during the synchronization.");
}
