import { and, count, eq, gte, inArray, lt } from "drizzle-orm";
import { missingFetches, statementLines } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { decryptJson } from "@/lib/crypto";
import { addDays, isIsoDate, isoDate } from "@/lib/dates";
import { logger } from "@/lib/logger";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import type { Said } from "../connections/stored-text";
import { ValidationError } from "../errors";
import { isProviderError } from "../providers/errors";
import type { ConnectionSecret, NormalizedTransaction, ProviderId } from "../providers/types";
import { newErrorReference } from "../reference";
import type { SyncDeps } from "../sync/deps";
import { connectedAccountOf, type ConnectedAccount } from "./connected-account";
import { MissingFetchError, missingFetchDescription } from "./failure";
import { toStored } from "./stored";
import { missingFetchWarnings } from "./warnings";

export type FindMissingDeps = Pick<SyncDeps, "db" | "adapters" | "clock" | "appSecret">;

/** One transaction the bank has and the journal does not, as the dialog lists it. */
export type MissingTransaction = {
  /** The provider's id (or the id derived for a row it gives none). */
  id: string;
  date: string;
  label: string;
  partner: string | null;
  counterpartAccount: string | null;
  amountMinor: bigint;
  currency: string;
  status: "posted" | "pending";
};

export type MissingFetch = { fetchId: string; since: string; transactions: MissingTransaction[]; warnings: Message[] };

/** A fetch answers one import decision; older ones are gone (the bank may have changed since). */
export const MISSING_FETCH_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Ids per IN list: far below PostgreSQL's parameter limit, whatever a bank returns. */
const ID_CHUNK = 1_000;

/**
 * "Find Missing Transactions": asks the bank for everything, posted and pending, from `since` to
 * today, and keeps what the journal does not hold (by online id). The answer is stored, so that
 * "Import Transactions" imports exactly what the bank said and the browser only names ids.
 */
export async function findMissingTransactions(deps: FindMissingDeps, actor: Actor, journalId: string, since: string): Promise<MissingFetch> {
  assertCanWrite(actor);
  const { db, clock } = deps;
  const now = clock.now();
  const today = isoDate(now);
  if (!isIsoDate(since)) throw new ValidationError({ since: [message("FindMissing.refusals.startDateFormat")] });
  if (since > today) throw new ValidationError({ since: [message("FindMissing.refusals.startDateInFuture")] });
  const account = await connectedAccountOf(db, actor, journalId, { askable: true });
  const historyStart = addDays(today, -account.historyDays);

  const answered = await askBank(deps, actor, account, { from: since > historyStart ? since : historyStart, to: today });
  const seen = new Set<string>();
  const inWindow = answered.filter((t) => {
    // Plaid and Salt Edge are not date-windowed: they answer everything they hold.
    if (t.date < since || seen.has(t.externalId)) return false;
    seen.add(t.externalId);
    return true;
  });
  const known = await knownIds(deps, journalId, inWindow.map((t) => t.externalId));
  const missing = inWindow
    .filter((t) => !known.has(t.externalId))
    .sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));

  const [manual] = await db
    .select({ n: count() })
    .from(statementLines)
    .where(and(eq(statementLines.journalId, journalId), eq(statementLines.source, "manual"), gte(statementLines.date, since)));
  const warnings = missingFetchWarnings({
    since,
    connectionCreatedOn: isoDate(account.connectionCreatedAt),
    historyStart,
    manualLines: manual?.n ?? 0,
    lockDate: account.lockDate,
  });

  const fetchId = await db.transaction(async (tx) => {
    await tx.delete(missingFetches).where(and(eq(missingFetches.journalId, journalId), lt(missingFetches.createdAt, new Date(now.getTime() - MISSING_FETCH_LIFETIME_MS))));
    const [row] = await tx
      .insert(missingFetches)
      .values({ companyId: actor.companyId, journalId, userId: actor.userId, since, transactions: missing.map(toStored), createdAt: now })
      .returning({ id: missingFetches.id });
    return row!.id;
  });
  return {
    fetchId,
    since,
    warnings,
    transactions: missing.map((t) => ({
      id: t.externalId,
      date: t.date,
      // As the import will label the line.
      label: t.description || t.partnerName || "Bank transaction",
      partner: t.partnerName,
      counterpartAccount: t.counterpartAccount,
      amountMinor: t.amountMinor,
      currency: t.currency,
      status: t.status,
    })),
  };
}

/**
 * Every page the provider gives for the window, as a user-started fetch (no cursor: a Plaid cursor
 * belongs to the synchronization and is left alone). A failure is logged with a reference and ends
 * the search; nothing is stored.
 */
async function askBank(deps: FindMissingDeps, actor: Actor, account: ConnectedAccount, window: { from: string; to: string }): Promise<NormalizedTransaction[]> {
  const provider = account.provider as ProviderId;
  const transactions: NormalizedTransaction[] = [];
  try {
    const adapter = deps.adapters[provider];
    if (!adapter) throw new Error(`Provider ${account.provider} is not configured on this server`);
    const secret = decryptJson(account.secret, account.connectionId, deps.appSecret) as ConnectionSecret;
    const pages = adapter.fetchTransactions(secret, {
      accountExternalId: account.accountExternalId,
      from: window.from,
      to: window.to,
      cursor: null,
      includePending: true,
      background: false,
    });
    for await (const page of pages) transactions.push(...page.transactions);
    return transactions;
  } catch (error) {
    const reference = newErrorReference();
    const description = missingFetchDescription(error, provider);
    const code = isProviderError(error) ? error.providerCode : null;
    logger.warn("find missing transactions failed", {
      connectionId: account.connectionId,
      journalId: account.journalId,
      reference,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    // The description is a Message inside the entry's: the connection's log says both in its reader's language.
    const entry: Said = code ? { key: "FindMissing.log.failedCode", values: { description, code } } : { key: "FindMissing.log.failed", values: { description } };
    await logConnectionMessage(deps.db, {
      companyId: actor.companyId,
      connectionId: account.connectionId,
      level: "error",
      text: entry as Message,
      reference,
      authorId: actor.userId,
      at: deps.clock.now(),
    });
    throw new MissingFetchError(description, reference);
  }
}

/** Which of these online ids the journal already holds. */
async function knownIds(deps: FindMissingDeps, journalId: string, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await deps.db
      .select({ id: statementLines.onlineTransactionId })
      .from(statementLines)
      .where(and(eq(statementLines.journalId, journalId), inArray(statementLines.onlineTransactionId, ids.slice(i, i + ID_CHUNK))));
    for (const row of rows) if (row.id) known.add(row.id);
  }
  return known;
}
