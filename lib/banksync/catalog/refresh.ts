import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isProviderError } from "@/lib/banksync/providers/errors";
import type { ProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ProviderAdapter, ProviderId, ProviderInstitution } from "@/lib/banksync/providers/types";
import type { Clock } from "@/lib/clock";
import { logger } from "@/lib/logger";
import { planCatalogChanges, type CatalogChanges, type ChangeCounts } from "./changes";
import { mergeInstitutions } from "./merge";
import { catalogVersion, readCatalogRows, writeCatalogChanges, type CatalogRows } from "./store";

export type CatalogProviderFailure = {
  provider: ProviderId;
  message: string;
  /** The taxonomy kind when the adapter raised a ProviderError. */
  kind: string | null;
  /** The provider's request id, for its support desk. */
  requestId: string | null;
};

export type CatalogRefreshResult = ChangeCounts & {
  /** The same counts for the banks' provider rows. */
  providerRows: ChangeCounts;
  /** How many institutions each provider listed. */
  listed: Partial<Record<ProviderId, number>>;
  /** Providers whose list could not be read: their rows were left as they were. */
  failures: CatalogProviderFailure[];
  durationMs: number;
};

/** An arbitrary constant: one catalog refresh at a time, across processes on a shared database. */
const REFRESH_LOCK = 7_243_002;

/**
 * Pulls every enabled provider's institutions (all countries), merges them into one entry per bank
 * and writes the difference in one transaction: new rows inserted, changed rows updated, unchanged
 * rows left alone (their updated_at too), rows no provider lists any more delisted. A provider that
 * fails is logged and reported; its rows are neither changed nor delisted.
 */
export async function refreshCatalog(db: Db, adapters: ProviderAdapters, clock: Clock): Promise<CatalogRefreshResult> {
  const started = Date.now();
  const enabled = Object.values(adapters).filter((a): a is ProviderAdapter => a !== undefined);
  const settled = await Promise.allSettled(enabled.map((adapter) => adapter.listInstitutions()));

  const listings: ProviderInstitution[] = [];
  const listed: Partial<Record<ProviderId, number>> = {};
  const failures: CatalogProviderFailure[] = [];
  settled.forEach((outcome, i) => {
    const provider = enabled[i]!.id;
    if (outcome.status === "fulfilled") {
      listings.push(...outcome.value);
      listed[provider] = outcome.value.length;
      return;
    }
    const error: unknown = outcome.reason;
    const failure: CatalogProviderFailure = {
      provider,
      message: error instanceof Error ? error.message : String(error),
      kind: isProviderError(error) ? error.kind : null,
      requestId: isProviderError(error) ? error.requestId : null,
    };
    failures.push(failure);
    logger.error("catalog refresh: could not list a provider's institutions", {
      provider,
      error: failure.message,
      kind: failure.kind,
      requestId: failure.requestId,
    });
  });

  const refreshed = new Set(Object.keys(listed) as ProviderId[]);
  const zero = { inserted: 0, updated: 0, unchanged: 0, delisted: 0 };
  if (refreshed.size === 0) {
    return { ...zero, providerRows: { ...zero }, listed, failures, durationMs: Date.now() - started };
  }

  const entries = mergeInstitutions(listings);
  const now = clock.now();
  const plan = (rows: CatalogRows) => planCatalogChanges({ entries, ...rows, refreshed, newId: randomUUID });
  // Read and compare outside the transaction: on PGlite a transaction holds the one connection, so
  // the app's other queries wait only while the changes are written.
  const snapshot = await readCatalogRows(db);
  let changes = plan(snapshot);
  if (hasWrites(changes)) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
      // Another refresh wrote since the read (another process, on PostgreSQL): compare again.
      if ((await catalogVersion(tx)) !== snapshot.version) changes = plan(await readCatalogRows(tx));
      await writeCatalogChanges(tx, changes, now);
    });
  }
  const counts = { ...changes.counts, providerRows: changes.providerCounts };

  const result = { ...counts, listed, failures, durationMs: Date.now() - started };
  logger.info("catalog refreshed", { ...result });
  return result;
}

function hasWrites(changes: CatalogChanges): boolean {
  return [...Object.values(changes.institutions), ...Object.values(changes.providerRows)].some((list) => list.length > 0);
}
