import type { PgBoss } from "pg-boss";
import type { SyncQueue } from "@/lib/banksync/sync-queue";

export const syncQueueName = "sync-connection";

/**
 * The synchronization queue: one job waiting and one running per connection at most ("stately"
 * with the connection as singleton key), whatever clicks and schedules pile up.
 */
export async function createSyncQueue(boss: PgBoss): Promise<void> {
  // pg-boss fails the job of a worker that stopped beating (a killed process) after a minute: a backstop to requestRun, which closes such runs itself.
  const options = { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600, heartbeatSeconds: 60 };
  await boss.createQueue(syncQueueName, { policy: "stately", ...options });
  await boss.updateQueue(syncQueueName, options);
}

export function bossSyncQueue(boss: PgBoss): SyncQueue {
  return {
    enqueue: (job) => boss.send(syncQueueName, job, { singletonKey: job.connectionId }),
    // A job still "active" for a dead worker would hold the connection's singleton slot until it expires.
    abandon: async (jobId) => {
      await boss.cancel(syncQueueName, jobId);
    },
  };
}
