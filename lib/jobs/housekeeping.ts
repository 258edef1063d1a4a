import type { PgBoss } from "pg-boss";
import type { ManageDeps } from "@/lib/banksync/connections/deps";
import { remindExpiringConsents, removeUnusedConnections } from "@/lib/banksync/connections/housekeeping";
import { dropStaleStatementImports } from "@/lib/banksync/statement-files/stale";
import { logger } from "@/lib/logger";
import { forgetOldSignInFailures } from "@/lib/sign-in-throttle";

export const housekeepingQueue = "connection-housekeeping";

/**
 * Once a day: consent reminders (15, 3 and 1 days before), unused connections removed after 30 days,
 * and statement files previewed but never imported dropped after a day.
 */
const HOUSEKEEPING_CRON = "15 3 * * *";

/** The daily housekeeping of bank connections: one worker, one schedule, whichever process runs it first. */
export async function startHousekeeping(boss: PgBoss, deps: ManageDeps): Promise<void> {
  await boss.createQueue(housekeepingQueue, { policy: "stately", retryLimit: 1, expireInSeconds: 1800 });
  await boss.work(housekeepingQueue, { pollingIntervalSeconds: 30 }, async () => {
    const reminded = await remindExpiringConsents(deps);
    const removed = await removeUnusedConnections(deps);
    const droppedFiles = await dropStaleStatementImports(deps.db, deps.clock.now());
    await forgetOldSignInFailures(deps.db, deps.clock.now());
    if (reminded + removed + droppedFiles > 0) logger.info("connection housekeeping", { reminded, removed, droppedFiles });
    return { reminded, removed, droppedFiles };
  });
  await boss.schedule(housekeepingQueue, HOUSEKEEPING_CRON, null, { tz: "UTC" });
}
