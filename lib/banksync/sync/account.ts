import { and, eq, sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";
import { onlineAccounts } from "@/db/schema";
import { isProviderError } from "../providers/errors";
import type { ConnectionSecret, NormalizedBalance, ProviderAdapter, SyncSession } from "../providers/types";
import type { SyncDeps } from "./deps";
import { addCounts, importPage, noCounts, nothingToWrite, type ImportCounts } from "./import-page";
import { assertStillLinked, LinkGoneError } from "./link-guard";
import { addOpeningBalance } from "./opening-balance";
import { syncWindow } from "./window";
import { isoDate } from "@/lib/dates";

export type AccountToSync = typeof onlineAccounts.$inferSelect & { journalId: string };

export type AccountContext = {
  companyId: string;
  /** The run the lines are imported by. */
  runId: string;
  lockDate: string | null;
  historyDays: number;
  adapter: ProviderAdapter;
  secret: ConnectionSecret;
  /** Scheduled runs: no user is present. */
  background: boolean;
  /** The run follows a consent given moments ago (first synchronization, renewed credentials). */
  justAuthorized: boolean;
  /** What the run's fetches share (a refresh of the whole connection, done once). */
  session: SyncSession;
  /** Inside each page's transaction: the account's counts so far, for the run's progress and a heartbeat. */
  onPage: (tx: Tx, counts: ImportCounts) => Promise<void>;
};

export type AccountResult = { counts: ImportCounts; openingBalance: boolean; notBefore: Date | null };

/**
 * One online account (DESIGN.md §4): its window, its pages (each committed on its own), then its
 * balance, the opening balance line of a first synchronization, and the date it is now complete to.
 * A refresh limit ends the account early without an error (the run goes on with the others).
 */
export async function syncAccount(deps: SyncDeps, ctx: AccountContext, account: AccountToSync): Promise<AccountResult> {
  const { db } = deps;
  const today = isoDate(deps.clock.now());
  // The account's turn, and its journal's last day: one statement.
  const [last] = resultRows<{ date: string | null }>(
    await db.execute(sql`
      with processing as (update online_accounts set fetching_status = 'processing' where id = ${account.id})
      select to_char(max(date), 'YYYY-MM-DD') as date from journal_days where journal_id = ${account.journalId}`),
  );
  const window = syncWindow({
    today,
    lockDate: ctx.lockDate,
    historyDays: ctx.historyDays,
    lastLineDate: last?.date ?? null,
    lastSyncDate: account.lastSyncDate,
    syncFrom: account.syncFrom,
  });
  let openingBalanceDue = account.openingBalanceDue;
  if (account.syncFrom === null && window) {
    // Fixed before the first page: a first synchronization resumed after a crash keeps its start and its opening balance.
    openingBalanceDue = window.openingBalance;
    await db.update(onlineAccounts).set({ syncFrom: window.from, openingBalanceDue }).where(eq(onlineAccounts.id, account.id));
  }
  let counts = noCounts();
  if (!window) {
    await db.update(onlineAccounts).set({ lastSyncDate: today, fetchingStatus: "idle" }).where(eq(onlineAccounts.id, account.id));
    return { counts, openingBalance: false, notBefore: null };
  }

  const target = { companyId: ctx.companyId, journalId: account.journalId, onlineAccountId: account.id, from: window.from, lockDate: ctx.lockDate, importId: ctx.runId };
  let balance: NormalizedBalance;
  try {
    const pages = ctx.adapter.fetchTransactions(ctx.secret, {
      accountExternalId: account.externalId,
      from: window.from,
      to: window.to,
      cursor: account.cursor,
      includePending: true,
      background: ctx.background,
      justAuthorized: ctx.justAuthorized,
      session: ctx.session,
    });
    // One page ahead: the provider answers the next page while this one is written. Each page is
    // still committed on its own and in order, so a crash loses nothing.
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) break;
      next = pages.next();
      // Should writing this page fail, the page fetched ahead is abandoned: its error is not the run's.
      next.catch(() => undefined);
      const skipped = nothingToWrite(page.value, target);
      if (skipped) {
        counts = addCounts(counts, skipped);
        continue;
      }
      const before = counts;
      counts = addCounts(counts, await importPage(db, target, page.value, (tx, pageCounts) => ctx.onPage(tx, addCounts(before, pageCounts))));
    }
    // Inside the limit's reach: a provider may limit balance calls apart from transactions (GoCardless
    // counts each endpoint per account and day). The pages stay; the account is finished next time.
    balance = await ctx.adapter.getBalance(ctx.secret, account.externalId, ctx.session);
  } catch (error) {
    if (!isProviderError(error, "rate_limited")) throw error;
    return { counts, openingBalance: false, notBefore: error.resetAt };
  }

  const link = { companyId: ctx.companyId, journalId: account.journalId, onlineAccountId: account.id };
  const finished = {
    lastSyncDate: window.to,
    balanceMinor: balance.amountMinor,
    balanceDate: balance.referenceDate ?? today,
    openingBalanceDue: false,
    fetchingStatus: "idle" as const,
    // Pages with nothing to write left no progress of their own.
    lastRunFetched: counts.fetched,
    lastRunImported: counts.imported,
  };
  let openingBalance = false;
  if (openingBalanceDue) {
    await db.transaction(async (tx) => {
      // Like a page: no opening balance line in a journal whose link went away meanwhile.
      await assertStillLinked(tx, link);
      openingBalance = await addOpeningBalance(tx, { ...target, currency: account.currency, balanceMinor: balance.amountMinor, fallbackDate: today });
      await tx.update(onlineAccounts).set(finished).where(eq(onlineAccounts.id, account.id));
    });
  } else {
    // Nothing but the account's own row to write: one statement, which finds it only while it still
    // feeds the journal (a deleted journal unlinks it, a deleted company or connection removes it).
    const updated = await db
      .update(onlineAccounts)
      .set(finished)
      .where(and(eq(onlineAccounts.id, account.id), eq(onlineAccounts.journalId, account.journalId)))
      .returning({ id: onlineAccounts.id });
    if (updated.length === 0) {
      // Which link went away, for the log.
      await assertStillLinked(db, link);
      throw new LinkGoneError("The account was unlinked from its journal during the synchronization.");
    }
  }
  return { counts, openingBalance, notBefore: null };
}
