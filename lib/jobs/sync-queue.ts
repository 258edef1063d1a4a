import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { providerIds } from "@/lib/banksync/providers/types";
import type { SyncQueue } from "@/lib/banksync/sync-queue";

/**
 * One synchronization queue per provider, so a worker polls each provider for exactly the jobs it
 * has room for: with one queue grouped by provider, pg-boss 12 kept fetching (and putting back) the
 * jobs of a provider already at its limit while the others' waited for the next poll.
 */
export function syncQueueName(provider: string): string {
  return `sync-connection-${provider}`;
}

/** The one queue of every provider before that: its jobs, queued by an earlier version, are still run. */
export const legacySyncQueueName = "sync-connection";

/**
 * The synchronization queues: one job waiting and one running per connection at most ("stately"
 * with the connection as singleton key; a connection keeps its provider), whatever clicks and
 * schedules pile up.
 */
export async function createSyncQueue(boss: PgBoss): Promise<void> {
  // A worker that stops beating (a killed process) has its job failed within seconds (heartbeat 10 s,
  // checked every 10 s by openBoss's supervisor) and retried after 5 s, then 10, 20…: the retry
  // resumes the run from its committed pages. A retry that finds the run still fresh fails again and
  // waits longer (sync-worker.ts), so the retries reach past the run's own staleness (3 beats).
  const options = { retryLimit: 6, retryDelay: 5, retryBackoff: true, retryDelayMax: 120, expireInSeconds: 3600, heartbeatSeconds: 10 };
  for (const provider of providerIds) {
    await boss.createQueue(syncQueueName(provider), { policy: "stately", ...options });
    await boss.updateQueue(syncQueueName(provider), options);
  }
}

/** The synchronization queues that exist: every provider's, and the earlier single one where it is left. */
export async function syncQueueNames(boss: PgBoss): Promise<string[]> {
  const names = providerIds.map(syncQueueName);
  return (await boss.getQueue(legacySyncQueueName)) ? [...names, legacySyncQueueName] : names;
}

export function bossSyncQueue(boss: PgBoss): SyncQueue {
  return {
    enqueue: (job) => boss.send(syncQueueName(job.provider), job, { singletonKey: job.connectionId }),
    async enqueueAll(jobs) {
      // Ids chosen here: the insert skips a connection that already has a job waiting, and answers the ids it kept.
      const ids = jobs.map(() => randomUUID());
      const kept = new Set<string>();
      for (const provider of new Set(jobs.map((job) => job.provider))) {
        const mine = jobs.flatMap((job, i) => (job.provider === provider ? [{ id: ids[i]!, data: job, singletonKey: job.connectionId }] : []));
        for (const id of (await boss.insert(syncQueueName(provider), mine, { returnId: true })) ?? []) kept.add(id);
      }
      return ids.map((id) => (kept.has(id) ? id : null));
    },
    // A job still "active" for a dead worker would hold the connection's singleton slot until it expires.
    // Rare, and the job's id is unique: cancelled in whichever queue holds it.
    abandon: async (jobId) => {
      for (const name of await syncQueueNames(boss)) await boss.cancel(name, jobId);
    },
  };
}
