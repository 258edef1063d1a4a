import { randomUUID } from "node:crypto";
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
    async enqueueAll(jobs) {
      // Ids chosen here: the insert skips a connection that already has a job waiting, and answers the ids it kept.
      const ids = jobs.map(() => randomUUID());
      const inserted = await boss.insert(syncQueueName, jobs.map((job, i) => ({ id: ids[i], data: job, singletonKey: job.connectionId })), { returnId: true });
      const kept = new Set(inserted ?? []);
      return ids.map((id) => (kept.has(id) ? id : null));
    },
    // A job still "active" for a dead worker would hold the connection's singleton slot until it expires.
    abandon: async (jobId) => {
      await boss.cancel(syncQueueName, jobId);
    },
  };
}
