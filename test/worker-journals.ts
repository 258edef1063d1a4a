import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { onlineAccounts, statementLines, syncRuns } from "@/db/schema";
import type { Actor } from "@/lib/banksync/actor";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { OPENING_BALANCE_LABEL } from "@/lib/banksync/sync/opening-balance";
import { decimalToMinor } from "@/lib/money";
import { accountTransactions, balanceOf, getState, sandboxToday } from "@/lib/sandbox/store";
import { accountByName, institutionByName, providerIdFor } from "@/lib/sandbox/world";
import type { ConnectHarness } from "@/test/connect-harness";

/** A journal fed by one account; `bankId` is the bank's own account id, which prefixes its transaction ids (SANDBOX.md). */
export type LinkedJournal = { name: string; journalId: string; externalId: string; bankId: string };

/** Connects Sandbox Bank through `provider` and links every account to a new journal; the initial run is queued. */
export async function connectSandboxBank(h: ConnectHarness, actor: Actor, provider: ProviderId): Promise<{ connectionId: string; runId: string; journals: LinkedJournal[] }> {
  const { attemptId, callback } = await h.consent(actor, "sandbox-bank", provider);
  const answer = await h.callback(provider, callback.searchParams, actor.userId);
  if (answer.outcome !== "authorized") throw new Error(`consent not authorized: ${JSON.stringify(answer)}`);
  const view = await getConnectionAttempt(h.deps.db, actor, attemptId);
  const linked = await synchronizeAccounts(h.deps, actor, attemptId, view.accounts.map((a) => ({ accountId: a.id, target: "new" as const })));
  const rows = await h.deps.db
    .select({ name: onlineAccounts.name, journalId: onlineAccounts.journalId, externalId: onlineAccounts.externalId })
    .from(onlineAccounts)
    .where(eq(onlineAccounts.connectionId, linked.connectionId));
  const bank = institutionByName("Sandbox Bank")!;
  return {
    connectionId: linked.connectionId,
    runId: linked.runId,
    journals: rows.map((r) => ({ name: r.name, journalId: r.journalId!, externalId: r.externalId, bankId: providerIdFor(provider, accountByName(bank, r.name)!.key) })),
  };
}

/** What the bank holds for an account today: the ids of its posted transactions as the provider gives them, and its balance. */
export async function bankAccount(db: Db, institutionName: string, journal: LinkedJournal): Promise<{ postedIds: string[]; balanceMinor: bigint }> {
  const institution = institutionByName(institutionName)!;
  const account = accountByName(institution, journal.name)!;
  const transactions = await accountTransactions(db, institution, account, await sandboxToday(db), (await getState(db)).resetOn);
  return {
    postedIds: transactions.filter((t) => t.status === "posted").map((t) => `${journal.bankId}-${t.suffix}`),
    balanceMinor: decimalToMinor(balanceOf(account, transactions), account.currency),
  };
}

/** A journal's lines as the tests judge them: online ids (repeats kept), opening balance lines, balance. */
export async function journalLines(db: Db, journalId: string): Promise<{ onlineIds: string[]; openingBalances: number; balanceMinor: bigint }> {
  const lines = await db
    .select({ onlineId: statementLines.onlineTransactionId, label: statementLines.label, amount: statementLines.amountMinor })
    .from(statementLines)
    .where(eq(statementLines.journalId, journalId));
  return {
    onlineIds: lines.flatMap((l) => (l.onlineId === null ? [] : [l.onlineId])),
    openingBalances: lines.filter((l) => l.onlineId === null && l.label === OPENING_BALANCE_LABEL).length,
    balanceMinor: lines.reduce((sum, l) => sum + l.amount, 0n),
  };
}

/** Lines imported from the provider (an online id each) in these journals. */
export async function transactionLineCount(db: Db, journalIds: string[]): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(statementLines)
    .where(and(inArray(statementLines.journalId, journalIds), isNotNull(statementLines.onlineTransactionId)));
  return row!.n;
}

export async function runsOf(db: Db, connectionId: string) {
  return db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId)).orderBy(syncRuns.queuedAt);
}
