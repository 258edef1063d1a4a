import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, institutions, onlineAccounts, syncRuns } from "@/db/schema";
import { providerNames, type ProviderId } from "./providers/types";

/** How a journal is fed by a bank: what its card shows about synchronization. */
export type JournalLink = {
  connectionId: string;
  institutionName: string;
  providerName: string;
  state: "connected" | "action_required" | "error" | "disconnected";
  consentExpiresAt: Date | null;
  lastRefreshAt: Date | null;
  nextRefreshAt: Date | null;
  fetchingStatus: "idle" | "waiting" | "processing" | "error";
  latestRun: { status: "queued" | "running" | "succeeded" | "failed"; trigger: string; imported: number; errorMessage: string | null; errorReference: string | null } | null;
};

/** The bank link of each of the company's synchronized journals, with its connection's latest run. */
export async function listJournalLinks(db: Db, companyId: string): Promise<Map<string, JournalLink>> {
  const rows = await db
    .select({
      journalId: onlineAccounts.journalId,
      fetchingStatus: onlineAccounts.fetchingStatus,
      connectionId: connections.id,
      provider: connections.provider,
      state: connections.state,
      consentExpiresAt: connections.consentExpiresAt,
      lastRefreshAt: connections.lastRefreshAt,
      nextRefreshAt: connections.nextRefreshAt,
      institutionName: institutions.name,
    })
    .from(onlineAccounts)
    .innerJoin(connections, eq(connections.id, onlineAccounts.connectionId))
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .where(eq(onlineAccounts.companyId, companyId));
  const linked = rows.filter((r) => r.journalId !== null);
  const connectionIds = [...new Set(linked.map((r) => r.connectionId))];
  const runs =
    connectionIds.length === 0
      ? []
      : await db
          .selectDistinctOn([syncRuns.connectionId], {
            connectionId: syncRuns.connectionId,
            status: syncRuns.status,
            trigger: syncRuns.trigger,
            imported: syncRuns.imported,
            errorMessage: syncRuns.errorMessage,
            errorReference: syncRuns.errorReference,
          })
          .from(syncRuns)
          .where(and(eq(syncRuns.companyId, companyId), inArray(syncRuns.connectionId, connectionIds)))
          .orderBy(syncRuns.connectionId, desc(syncRuns.queuedAt));
  const latest = new Map(runs.map(({ connectionId, ...run }) => [connectionId, run]));
  return new Map(
    linked.map((r) => [
      r.journalId!,
      {
        connectionId: r.connectionId,
        institutionName: r.institutionName,
        providerName: providerNames[r.provider as ProviderId] ?? r.provider,
        state: r.state,
        consentExpiresAt: r.consentExpiresAt,
        lastRefreshAt: r.lastRefreshAt,
        nextRefreshAt: r.nextRefreshAt,
        fetchingStatus: r.fetchingStatus,
        latestRun: latest.get(r.connectionId) ?? null,
      },
    ]),
  );
}
