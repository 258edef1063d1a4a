import type { PgBoss } from "pg-boss";
import type { SyncQueue } from "@/lib/banksync/sync-queue";

export const syncQueueName = "sync-connection";

/**
 * The synchronization queue: one job waiting and one running per connection at most ("stately"
 * with the connection as singleton key), whatever clicks and schedules pile up.
 */
export async function createSyncQueue(boss: PgBoss): Promise<void> {
  const options = { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 };
  await boss.createQueue(syncQueueName, { policy: "stately", ...options });
  await boss.updateQueue(syncQueueName, options);
}

export function bossSyncQueue(boss: PgBoss): SyncQueue {
  return {
    enqueue: (job) => boss.send(syncQueueName, job, { singletonKey: job.connectionId }),
  };
}
