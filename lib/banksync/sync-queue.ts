/**
 * Where synchronizations are queued: pg-boss in the app (lib/jobs/sync-queue), the same in tests.
 * The domain records a sync run first; the queue carries only its id and the connection.
 */
export type SyncJob = {
  runId: string;
  connectionId: string;
  /** The connection's provider: its queue, of which a worker takes only so many jobs at once (lib/jobs/sync-worker.ts). */
  provider: string;
};

export type SyncQueue = {
  /** The job's id, or null when one for this connection is already waiting (the queue keeps one). */
  enqueue(job: SyncJob): Promise<string | null>;
  /** enqueue for many jobs in one go: each one's job id or null, in the order given. */
  enqueueAll(jobs: SyncJob[]): Promise<(string | null)[]>;
  /** Gives up a job whose worker died (its run was closed as interrupted), so the next one can start. */
  abandon(jobId: string): Promise<void>;
};
