import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, institutionProviders, institutions, onlineAccounts, syncRuns } from "@/db/schema";
import type { Actor } from "./actor";
import { isUuid } from "./journals";
import { providerNames, type ProviderId } from "./providers/types";
import { readStoredText, type StoredText } from "./connections/stored-text";

type Run = typeof syncRuns.$inferSelect;

/** The latest synchronization of a journal's connection, as its card shows it: its counts are the journal's. */
export type LatestRun = Pick<
  Run,
  "id" | "status" | "trigger" | "fetched" | "imported" | "errorMessage" | "errorReference" | "notBefore" | "queuedAt" | "finishedAt"
>;

/** How a journal is fed by a bank: what its card shows about synchronization. */
export type JournalLink = {
  connectionId: string;
  institutionName: string;
  providerName: string;
  state: "connected" | "action_required" | "error" | "disconnected";
  autoSync: boolean;
  consentExpiresAt: Date | null;
  lastRefreshAt: Date | null;
  nextRefreshAt: Date | null;
  lastErrorMessage: string | null;
  lastErrorReference: string | null;
  fetchingStatus: "idle" | "waiting" | "processing" | "error";
  /** The bank asks for a code at every refresh: fetching goes through its consent pages. */
  mfa: boolean;
  /** The bank stopped sharing this journal's account (left out when the credentials were updated). */
  accountMissing: boolean;
  latestRun: LatestRun | null;
};

/** The bank link of each of the company's synchronized journals (or of one), with its connection's latest run. */
export async function listJournalLinks(db: Db, companyId: string, journalId?: string): Promise<Map<string, JournalLink>> {
  const rows = await db
    .select({
      journalId: onlineAccounts.journalId,
      fetchingStatus: onlineAccounts.fetchingStatus,
      missingSince: onlineAccounts.missingSince,
      lastRunId: onlineAccounts.lastRunId,
      lastRunFetched: onlineAccounts.lastRunFetched,
      lastRunImported: onlineAccounts.lastRunImported,
      connectionId: connections.id,
      provider: connections.provider,
      state: connections.state,
      autoSync: connections.autoSync,
      consentExpiresAt: connections.consentExpiresAt,
      lastRefreshAt: connections.lastRefreshAt,
      nextRefreshAt: connections.nextRefreshAt,
      lastErrorMessage: connections.lastErrorMessage,
      lastErrorReference: connections.lastErrorReference,
      institutionName: institutions.name,
      mfa: institutionProviders.mfa,
    })
    .from(onlineAccounts)
    .innerJoin(connections, eq(connections.id, onlineAccounts.connectionId))
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .leftJoin(institutionProviders, and(eq(institutionProviders.institutionId, connections.institutionId), eq(institutionProviders.provider, connections.provider)))
    .where(
      and(
        eq(onlineAccounts.companyId, companyId),
        journalId === undefined ? isNotNull(onlineAccounts.journalId) : eq(onlineAccounts.journalId, journalId),
      ),
    );
  const connectionIds = [...new Set(rows.map((r) => r.connectionId))];
  const runs =
    connectionIds.length === 0
      ? []
      : await db
          .selectDistinctOn([syncRuns.connectionId], {
            connectionId: syncRuns.connectionId,
            id: syncRuns.id,
            status: syncRuns.status,
            trigger: syncRuns.trigger,
            fetched: syncRuns.fetched,
            imported: syncRuns.imported,
            errorMessage: syncRuns.errorMessage,
            errorReference: syncRuns.errorReference,
            notBefore: syncRuns.notBefore,
            queuedAt: syncRuns.queuedAt,
            finishedAt: syncRuns.finishedAt,
          })
          .from(syncRuns)
          .where(and(eq(syncRuns.companyId, companyId), inArray(syncRuns.connectionId, connectionIds)))
          .orderBy(syncRuns.connectionId, desc(syncRuns.queuedAt));
  const latest = new Map(runs.map(({ connectionId, ...run }) => [connectionId, run]));
  return new Map(
    rows.map(({ journalId: linkedJournal, provider, lastRunId, lastRunFetched, lastRunImported, mfa, missingSince, ...r }) => {
      const run = latest.get(r.connectionId);
      // A run covers the whole connection; a journal's card counts what it brought to that journal.
      const ours = run?.id === lastRunId;
      return [
        linkedJournal!,
        {
          ...r,
          mfa: mfa ?? false,
          accountMissing: missingSince !== null,
          providerName: providerNames[provider as ProviderId] ?? provider,
          latestRun: run ? { ...run, fetched: ours ? lastRunFetched : 0, imported: ours ? lastRunImported : 0 } : null,
        },
      ];
    }),
  );
}

/** The bank link of one of the actor's journals; null when the journal is not synchronized (or not theirs). */
export async function getJournalLink(db: Db, actor: Actor, journalId: string): Promise<JournalLink | null> {
  if (!isUuid(journalId)) return null;
  return (await listJournalLinks(db, actor.companyId, journalId)).get(journalId) ?? null;
}

/** From this many days before the consent ends, the card offers "Extend Connection". */
export const CONSENT_WARNING_DAYS = 15;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A journal card's synchronization status as the browser receives it (the page's first render and
 * the polling route alike): instants as ISO strings, and what depends on "now" decided here, on the
 * app's clock (the sandbox's clock can be ahead of the browser's).
 */
export type JournalSyncView = {
  journalId: string;
  connectionId: string;
  /** Names the provider's own words where an error shows them. */
  providerName: string;
  state: JournalLink["state"];
  autoSync: boolean;
  mfa: boolean;
  accountMissing: boolean;
  consentExpiresAt: string | null;
  consentExpiringSoon: boolean;
  lastRefreshAt: string | null;
  /** Null when nothing is scheduled: automatic synchronization off, or the connection waits for the user. */
  nextRefreshAt: string | null;
  /** Stored texts travel as what they say (a Message and the provider's words), said by the card in the reader's language. */
  lastError: { message: StoredText; reference: string | null } | null;
  run: {
    id: string;
    status: LatestRun["status"];
    trigger: LatestRun["trigger"];
    fetched: number;
    imported: number;
    errorMessage: StoredText | null;
    errorReference: string | null;
    /** The run failed because the bank refuses scheduled fetches: the card offers to turn them off. */
    autoFetchUnsupported: boolean;
    /** The provider's refresh limit, while it lasts. */
    refreshLimitedUntil: string | null;
    finishedAt: string | null;
  } | null;
};

export function journalSyncView(journalId: string, link: JournalLink, now: Date): JournalSyncView {
  const run = link.latestRun;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const scheduled = link.autoSync && (link.state === "connected" || link.state === "error");
  const runError = run?.errorMessage ? readStoredText(run.errorMessage) : null;
  return {
    journalId,
    connectionId: link.connectionId,
    providerName: link.providerName,
    state: link.state,
    autoSync: link.autoSync,
    mfa: link.mfa,
    accountMissing: link.accountMissing,
    consentExpiresAt: iso(link.consentExpiresAt),
    consentExpiringSoon: link.consentExpiresAt !== null && link.consentExpiresAt.getTime() - now.getTime() <= CONSENT_WARNING_DAYS * DAY_MS,
    lastRefreshAt: iso(link.lastRefreshAt),
    nextRefreshAt: scheduled ? iso(link.nextRefreshAt) : null,
    lastError: link.lastErrorMessage ? { message: readStoredText(link.lastErrorMessage), reference: link.lastErrorReference } : null,
    run: run
      ? {
          id: run.id,
          status: run.status,
          trigger: run.trigger,
          fetched: run.fetched,
          imported: run.imported,
          errorMessage: runError,
          errorReference: run.errorReference,
          // Known by what the run says, whether the engine stored it as a Message or as its English sentence.
          autoFetchUnsupported: run.status === "failed" && runError !== null && "said" in runError && runError.said.key === "ProviderErrors.autoFetchUnsupported",
          refreshLimitedUntil: run.notBefore && run.notBefore > now ? run.notBefore.toISOString() : null,
          finishedAt: iso(run.finishedAt),
        }
      : null,
  };
}
