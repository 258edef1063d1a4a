import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { SyncQueue } from "@/lib/banksync/sync-queue";

export const syncQueueName = "sync-connection";

/**
 * The synchronization queue: one job waiting and one running per connection at most ("stately"
 * with the connection as singleton key), whatever clicks and schedules pile up.
 */
export async function createSyncQueue(boss: PgBoss): Promise<void> {
  // A worker that stops beating (a killed process) has its job failed within seconds (heartbeat 10 s,
  // checked every 10 s by openBoss's supervisor) and retried after 5 s, then 10, 20…: the retry
  // resumes the run from its committed pages. A retry that finds the run still fresh fails again and
  // waits longer (sync-worker.ts), so the retries reach past the run's own staleness (3 beats).
  const options = { retryLimit: 6, retryDelay: 5, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 3600, heartbeatSeconds: 10 };
  await boss.createQueue(syncQueueName, { policy: "stately", ...options });
  await boss.updateQueue(syncQueueName, options);
}

export function bossSyncQueue(boss: PgBoss): SyncQueue {
  return {
    enqueue: (job) => boss.send(syncQueueName, job, { singletonKey: job.connectionId, group: { id: job.provider, tier: job.provider } }),
    async enqueueAll(jobs) {
      // Ids chosen here: the insert skips a connection that already has a job waiting, and answers the ids it kept.
      const ids = jobs.map(() => randomUUID());
      const inserted = await boss.insert(syncQueueName, jobs.map((job, i) => ({ id: ids[i], data: job, singletonKey: job.connectionId, group: { id: job.provider, tier: job.provider } })), { returnId: true });
      const kept = new Set(inserted ?? []);
      return ids.map((id) => (kept.has(id) ? id : null));
    },
    // A job still "active" for a dead worker would hold the connection's singleton slot until it expires.
    abandon: async (jobId) => {
      await boss.cancel(syncQueueName, jobId);
    },
  };
}
