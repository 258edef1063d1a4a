import { and, eq, inArray } from "drizzle-orm";
import { journals, onlineAccounts } from "@/db/schema";
import { message } from "@/i18n/message";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../journals";
import { stopIdleRun } from "./active-run";
import type { ManageDeps } from "./deps";

async function accountOf(deps: ManageDeps, actor: Actor, accountId: string) {
  assertCanWrite(actor);
  if (!isUuid(accountId)) throw new NotFoundError("Account");
  const [account] = await deps.db
    .select()
    .from(onlineAccounts)
    .where(and(eq(onlineAccounts.id, accountId), eq(onlineAccounts.companyId, actor.companyId)));
  if (!account) throw new NotFoundError("Account");
  return account;
}

/**
 * The journal an account feeds: another journal of the same currency that no other account feeds (or
 * one a vanished account of this connection held), or none ("Not synchronized"). The account then
 * starts afresh in that journal: its first synchronization begins after the journal's last line.
 */
export async function linkAccountJournal(deps: ManageDeps, actor: Actor, accountId: string, journalId: string | null): Promise<{ changed: boolean }> {
  const account = await accountOf(deps, actor, accountId);
  if (account.journalId === journalId) return { changed: false };
  let journal: { id: string; name: string } | null = null;
  if (journalId !== null) {
    if (account.missingSince) {
      throw new ValidationError({ journalId: [message("Connection.errors.accountMissing")] });
    }
    if (!isUuid(journalId)) throw new NotFoundError("Journal");
    const [found] = await deps.db
      .select({ id: journals.id, name: journals.name, currency: journals.currency })
      .from(journals)
      .where(and(eq(journals.id, journalId), eq(journals.companyId, actor.companyId)));
    if (!found) throw new NotFoundError("Journal");
    if (found.currency !== account.currency) {
      throw new ValidationError({
        journalId: [message("Connection.errors.currencyMismatch", { journal: found.name, journalCurrency: found.currency, accountCurrency: account.currency })],
      });
    }
    journal = found;
  }
  await stopIdleRun(deps, account.connectionId, message("SyncRuns.stoppedJournalChanged"), message("Connection.errors.busyJournal"));

  await deps.db.transaction(async (tx) => {
    if (journal) {
      const [holder] = await tx
        .select({ id: onlineAccounts.id, connectionId: onlineAccounts.connectionId, missingSince: onlineAccounts.missingSince })
        .from(onlineAccounts)
        .where(eq(onlineAccounts.journalId, journal.id))
        .for("update");
      if (holder && !(holder.connectionId === account.connectionId && holder.missingSince)) {
        throw new ValidationError({ journalId: [message("Connection.errors.journalTaken", { journal: journal.name })] });
      }
      if (holder) await tx.update(onlineAccounts).set({ journalId: null }).where(eq(onlineAccounts.id, holder.id));
    }
    await tx
      .update(onlineAccounts)
      .set({
        journalId: journal?.id ?? null,
        lastSyncDate: null,
        cursor: null,
        syncFrom: null,
        openingBalanceDue: false,
        fetchingStatus: "idle",
        lastRunId: null,
        lastRunFetched: 0,
        lastRunImported: 0,
      })
      .where(eq(onlineAccounts.id, account.id));
    const text = journal
      ? message("ConnectionLog.accountLinked", { account: account.name, journal: journal.name })
      : message("ConnectionLog.accountUnlinked", { account: account.name });
    const at = deps.clock.now();
    await logConnectionMessage(tx, { companyId: actor.companyId, connectionId: account.connectionId, text, authorId: actor.userId, at });
    for (const id of new Set([account.journalId, journal?.id].filter((j): j is string => j !== null && j !== undefined))) {
      await logConnectionMessage(tx, { companyId: actor.companyId, connectionId: null, journalId: id, text, authorId: actor.userId, at });
    }
  });
  return { changed: true };
}

/**
 * "Reset": an account whose fetch shows in progress while no worker holds it (its worker died, its
 * job was lost) is freed; the stranded run is closed. A run a live worker holds is never reset.
 */
export async function resetAccountFetch(deps: ManageDeps, actor: Actor, accountId: string): Promise<{ changed: boolean }> {
  const account = await accountOf(deps, actor, accountId);
  if (account.fetchingStatus !== "waiting" && account.fetchingStatus !== "processing") return { changed: false };
  await stopIdleRun(
    deps,
    account.connectionId,
    message("SyncRuns.stoppedReset"),
    message("Connection.errors.busyReset"),
  );
  await deps.db.transaction(async (tx) => {
    await tx
      .update(onlineAccounts)
      .set({ fetchingStatus: "idle" })
      .where(and(eq(onlineAccounts.connectionId, account.connectionId), inArray(onlineAccounts.fetchingStatus, ["waiting", "processing"])));
    await logConnectionMessage(tx, {
      companyId: actor.companyId,
      connectionId: account.connectionId,
      level: "warning",
      text: message("ConnectionLog.fetchReset", { account: account.name }),
      authorId: actor.userId,
      at: deps.clock.now(),
    });
  });
  return { changed: true };
}
