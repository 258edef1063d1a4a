import type { Db } from "@/db/client";
import type { Clock } from "@/lib/clock";
import type { ProviderAdapters } from "../providers/registry";

/** What a synchronization needs: the database, the adapters, the clock and the key of the secrets. */
export type SyncDeps = {
  db: Db;
  adapters: ProviderAdapters;
  clock: Clock;
  appSecret: string;
  /** How often a running run proves it is alive; three missed beats and it is held by no one. Default 10 s. */
  heartbeatMs?: number;
};

export const DEFAULT_HEARTBEAT_MS = 10_000;

/** How often a connection is synchronized automatically (DESIGN.md: every 12 hours). */
export const SYNC_INTERVAL_MS = 12 * 60 * 60 * 1000;

/** A running run whose heartbeat is older than this is held by no worker (it crashed or was killed). */
export function staleAfterMs(deps: Pick<SyncDeps, "heartbeatMs">): number {
  return 3 * (deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
}
