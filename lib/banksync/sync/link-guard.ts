import { sql } from "drizzle-orm";
import { resultRows, type Db, type Tx } from "@/db/client";

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
 *
 * One statement, as every page asks: each lateral subquery refers to the one before it, so the
 * planner must run them as nested loops in that order, each row locked as it is read; one whose
 * predecessor found nothing locks nothing. A row a concurrent deletion or unlink holds is waited for,
 * then read again in its committed version (READ COMMITTED's rule for locking reads).
 */
export async function assertStillLinked(tx: Db | Tx, link: Link): Promise<void> {
  const [row] = resultRows<{ journal_id: string | null; account_journal_id: string | null; account_id: string | null }>(
    await tx.execute(sql`
      select j.id as journal_id, a.id as account_id, a.journal_id as account_journal_id
      from (select id from companies where id = ${link.companyId} for key share) c
      left join lateral (select id from journals where id = ${link.journalId} and c.id is not null for key share) j on true
      left join lateral (select id, journal_id from online_accounts where id = ${link.onlineAccountId} and j.id is not null for share) a on true`),
  );
  if (!row?.account_id) throw new LinkGoneError(row?.journal_id ? "The online account was deleted during the synchronization." : "The journal was deleted during the synchronization.");
  if (row.account_journal_id !== link.journalId) throw new LinkGoneError("The account was unlinked from its journal during the synchronization.");
}
