import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { institutions } from "@/db/schema";
import { refreshCatalog } from "@/lib/banksync/catalog/refresh";
import type { ProviderAdapters } from "@/lib/banksync/providers/registry";
import type { Clock } from "@/lib/clock";
import { logger } from "@/lib/logger";

export const catalogRefreshQueue = "catalog-refresh";

/** Daily, at a quiet hour (UTC). */
const DAILY = "17 3 * * *";

export type CatalogRefreshDeps = {
  db: Db;
  /** Built when the job runs, so a bad provider configuration fails the job, not the start. */
  adapters: () => ProviderAdapters;
  clock: Clock;
  /** Seconds before the first refresh of an empty catalog may start (the server must be answering). */
  initialDelaySeconds?: number;
};

/**
 * The institution catalog job: its queue, its worker, its daily schedule, and a first run when the
 * catalog is empty. A run in which a provider failed fails the job after writing what it could, so
 * pg-boss retries it with backoff: in sandbox mode the first run may start before this server (which
 * serves the sandbox) answers.
 */
export async function setUpCatalogRefresh(boss: PgBoss, deps: CatalogRefreshDeps): Promise<void> {
  const options = { retryLimit: 8, retryDelay: 5, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 1800 };
  // One waiting and one running at most: the schedule and the start-up send never pile up.
  await boss.createQueue(catalogRefreshQueue, { policy: "stately", ...options });
  await boss.updateQueue(catalogRefreshQueue, options);
  await boss.work(catalogRefreshQueue, { pollingIntervalSeconds: 2 }, async () => {
    const result = await refreshCatalog(deps.db, deps.adapters(), deps.clock);
    if (result.failures.length > 0) {
      throw new Error(`Catalog refresh incomplete: ${result.failures.map((f) => `${f.provider}: ${f.message}`).join("; ")}`);
    }
    return { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, delisted: result.delisted };
  });
  await boss.schedule(catalogRefreshQueue, DAILY, null, { tz: "UTC" });
  if (await catalogIsEmpty(deps.db)) {
    await boss.send(catalogRefreshQueue, null, { startAfter: deps.initialDelaySeconds ?? 5 });
    logger.info("institution catalog is empty: its first refresh is queued");
  }
}

async function catalogIsEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: institutions.id }).from(institutions).limit(1);
  return rows.length === 0;
}
