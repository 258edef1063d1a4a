import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, institutions, onlineAccounts } from "@/db/schema";
import type { Actor } from "../actor";
import { providerNames, type ProviderId } from "../providers/types";

export const connectionStates = ["connected", "action_required", "error", "disconnected"] as const;
export type ConnectionState = (typeof connectionStates)[number];

/**
 * English names, for the sync engine's log sentences (lib/banksync/sync/run.ts), which
 * connections/stored-text.ts recognises and says in the reader's language; pages use the catalog's
 * ConnectionState names.
 */
export const connectionStateNames: Record<ConnectionState, string> = {
  connected: "Connected",
  action_required: "Action required",
  error: "Error",
  disconnected: "Disconnected",
};

export const connectionSorts = ["institution", "provider", "state", "last_refresh", "next_refresh", "consent"] as const;
export type ConnectionSort = (typeof connectionSorts)[number];

/** One row of the Online Synchronization list. */
export type ConnectionRow = {
  id: string;
  institutionName: string;
  providerName: string;
  state: ConnectionState;
  lastRefreshAt: Date | null;
  /** Null when nothing is scheduled (automatic synchronization off, or waiting for the user). */
  nextRefreshAt: Date | null;
  consentExpiresAt: Date | null;
  autoSync: boolean;
  accounts: number;
  /** Accounts that feed a journal. */
  linkedAccounts: number;
};

/** The order problems come first in: what needs someone, then errors, then the healthy ones. */
const stateRank = sql<number>`case ${connections.state} when 'disconnected' then 0 when 'action_required' then 1 when 'error' then 2 else 3 end`;

const orderOf: Record<ConnectionSort, ReturnType<typeof sql>> = {
  institution: sql`${institutions.name}, ${connections.createdAt}`,
  provider: sql`${connections.provider}, ${institutions.name}`,
  state: sql`${stateRank}, ${institutions.name}`,
  last_refresh: sql`${connections.lastRefreshAt} desc nulls last, ${institutions.name}`,
  next_refresh: sql`${connections.nextRefreshAt} nulls last, ${institutions.name}`,
  consent: sql`${connections.consentExpiresAt} nulls last, ${institutions.name}`,
};

/** Whether the scheduler will run this connection by itself. */
export function isScheduled(c: { autoSync: boolean; state: ConnectionState }): boolean {
  return c.autoSync && (c.state === "connected" || c.state === "error");
}

/** The company's bank connections, optionally of one state, in the chosen order (problems first by default). */
export async function listConnections(db: Db, actor: Actor, options: { state?: ConnectionState; sort?: ConnectionSort } = {}): Promise<ConnectionRow[]> {
  const rows = await db
    .select({
      id: connections.id,
      institutionName: institutions.name,
      provider: connections.provider,
      state: connections.state,
      lastRefreshAt: connections.lastRefreshAt,
      nextRefreshAt: connections.nextRefreshAt,
      consentExpiresAt: connections.consentExpiresAt,
      autoSync: connections.autoSync,
      accounts: count(onlineAccounts.id),
      linkedAccounts: count(onlineAccounts.journalId),
    })
    .from(connections)
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .leftJoin(onlineAccounts, eq(onlineAccounts.connectionId, connections.id))
    .where(and(eq(connections.companyId, actor.companyId), options.state ? eq(connections.state, options.state) : undefined))
    .groupBy(connections.id, institutions.name)
    .orderBy(orderOf[options.sort ?? "state"]);
  return rows.map(({ provider, ...r }) => ({
    ...r,
    providerName: providerNames[provider as ProviderId] ?? provider,
    nextRefreshAt: isScheduled(r) ? r.nextRefreshAt : null,
  }));
}

/** How many of the company's connections are in each state (the filter's counts). */
export async function countConnectionsByState(db: Db, actor: Actor): Promise<Record<ConnectionState, number>> {
  const rows = await db
    .select({ state: connections.state, n: count() })
    .from(connections)
    .where(eq(connections.companyId, actor.companyId))
    .groupBy(connections.state);
  const counts = { connected: 0, action_required: 0, error: 0, disconnected: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}
