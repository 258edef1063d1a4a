import { and, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, institutionProviders, institutions, journals, onlineAccounts, syncRuns } from "@/db/schema";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import { providerNames, type ProviderId } from "../providers/types";
import { isScheduled, type ConnectionState } from "./list";
import { readStoredText, type StoredText } from "./stored-text";

export type ConnectionAccount = {
  id: string;
  name: string;
  accountNumber: string | null;
  currency: string;
  balanceMinor: bigint | null;
  balanceDate: string | null;
  journalId: string | null;
  journalName: string | null;
  lastSyncDate: string | null;
  fetchingStatus: "idle" | "waiting" | "processing" | "error";
  /** The provider no longer shares it (left out at the last credentials update): never synchronized. */
  missing: boolean;
  /** The fetch looks in progress but no worker holds it: "Reset" frees it. */
  stuck: boolean;
  /** Journals this account may feed: unlinked ones of its currency, or one held by a missing account of this connection. */
  journalChoices: { id: string; name: string }[];
};

export type ConnectionDetail = {
  id: string;
  institutionName: string;
  provider: ProviderId;
  providerName: string;
  externalRef: string;
  clientId: string;
  state: ConnectionState;
  autoSync: boolean;
  /** The bank asks for a code at every refresh: fetching goes through its consent pages. */
  mfa: boolean;
  consentExpiresAt: Date | null;
  createdAt: Date;
  lastRefreshAt: Date | null;
  nextRefreshAt: Date | null;
  lastError: { message: StoredText; code: string | null; reference: string | null } | null;
  /** The run queued or running now, and whether a live worker holds it. */
  activeRun: { id: string; status: "queued" | "running"; held: boolean } | null;
  accounts: ConnectionAccount[];
};

/** A fetch is "in progress" while its account waits or is processed. */
const inProgress = (status: ConnectionAccount["fetchingStatus"]) => status === "waiting" || status === "processing";

/**
 * One connection as its Online Synchronization page shows it. `staleAfterMs` is how long a running
 * run may go without a heartbeat before it counts as held by no worker.
 */
export async function getConnectionDetail(db: Db, actor: Actor, connectionId: string, now: Date, staleAfterMs: number): Promise<ConnectionDetail> {
  if (!isUuid(connectionId)) throw new NotFoundError("Connection");
  const [row] = await db
    .select({ connection: connections, institutionName: institutions.name, mfa: institutionProviders.mfa })
    .from(connections)
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .leftJoin(institutionProviders, and(eq(institutionProviders.institutionId, connections.institutionId), eq(institutionProviders.provider, connections.provider)))
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)));
  if (!row) throw new NotFoundError("Connection");
  const c = row.connection;

  const [run] = await db
    .select({ id: syncRuns.id, status: syncRuns.status, heartbeatAt: syncRuns.heartbeatAt, startedAt: syncRuns.startedAt })
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, c.id), inArray(syncRuns.status, ["queued", "running"])))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  const beat = run?.heartbeatAt ?? run?.startedAt ?? null;
  const activeRun = run
    ? { id: run.id, status: run.status as "queued" | "running", held: run.status === "running" && beat !== null && now.getTime() - beat.getTime() < staleAfterMs }
    : null;

  const accounts = await db
    .select({ account: onlineAccounts, journalName: journals.name })
    .from(onlineAccounts)
    .leftJoin(journals, eq(journals.id, onlineAccounts.journalId))
    .where(eq(onlineAccounts.connectionId, c.id))
    .orderBy(onlineAccounts.createdAt, onlineAccounts.name);
  const heldByMissing = new Set(accounts.filter((a) => a.account.missingSince && a.account.journalId).map((a) => a.account.journalId!));
  const candidates = await db
    .select({ id: journals.id, name: journals.name, currency: journals.currency })
    .from(journals)
    .leftJoin(onlineAccounts, eq(onlineAccounts.journalId, journals.id))
    .where(
      and(
        eq(journals.companyId, actor.companyId),
        or(isNull(onlineAccounts.id), heldByMissing.size > 0 ? inArray(journals.id, [...heldByMissing]) : undefined),
      ),
    )
    .orderBy(journals.name);

  const scheduled = isScheduled({ autoSync: c.autoSync, state: c.state });
  return {
    id: c.id,
    institutionName: row.institutionName,
    provider: c.provider as ProviderId,
    providerName: providerNames[c.provider as ProviderId] ?? c.provider,
    externalRef: c.externalRef,
    clientId: c.clientId,
    state: c.state,
    autoSync: c.autoSync,
    mfa: row.mfa ?? false,
    consentExpiresAt: c.consentExpiresAt,
    createdAt: c.createdAt,
    lastRefreshAt: c.lastRefreshAt,
    nextRefreshAt: scheduled ? c.nextRefreshAt : null,
    lastError: c.lastErrorMessage ? { message: readStoredText(c.lastErrorMessage), code: c.lastErrorCode, reference: c.lastErrorReference } : null,
    activeRun,
    accounts: accounts.map(({ account: a, journalName }) => ({
      id: a.id,
      name: a.name,
      accountNumber: a.iban ?? a.accountNumber,
      currency: a.currency,
      balanceMinor: a.balanceMinor,
      balanceDate: a.balanceDate,
      journalId: a.journalId,
      journalName,
      lastSyncDate: a.lastSyncDate,
      fetchingStatus: a.fetchingStatus,
      missing: a.missingSince !== null,
      stuck: inProgress(a.fetchingStatus) && !activeRun?.held,
      journalChoices: a.missingSince
        ? []
        : candidates.filter((j) => j.currency === a.currency && j.id !== a.journalId).map(({ id, name }) => ({ id, name })),
    })),
  };
}
