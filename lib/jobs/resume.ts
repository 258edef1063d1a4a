import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { logger } from "@/lib/logger";
import { syncQueueNames } from "./sync-queue";

/**
 * The embedded PGlite database belongs to one process at a time, so a run still "running" when that
 * process starts was its predecessor's, killed. Its heartbeat is marked as long gone (any worker may
 * take it over, and a request closes it should pg-boss give up) and its job is failed now rather than
 * when its heartbeat times out: pg-boss retries it within seconds, and the retry resumes from the
 * committed pages. Not for PostgreSQL, where other processes' runs are alive.
 */
export async function resumeKilledRuns(boss: PgBoss, db: Db): Promise<number> {
  const runs = await db
    .update(syncRuns)
    .set({ heartbeatAt: new Date(0) })
    .where(eq(syncRuns.status, "running"))
    .returning({ id: syncRuns.id, jobId: syncRuns.jobId });
  const queues = runs.length > 0 ? await syncQueueNames(boss) : [];
  for (const run of runs) {
    // Should pg-boss refuse, the job's heartbeat still times out and it is retried, only later.
    if (!run.jobId) continue;
    // The job's id is unique: failed in whichever queue holds it.
    for (const queue of queues) {
      await boss
        .fail(queue, run.jobId, { message: "The process running this synchronization was stopped." })
        .catch((error: unknown) => logger.warn("could not fail a killed run's job", { runId: run.id, jobId: run.jobId, error: String(error) }));
    }
  }
  if (runs.length > 0) logger.warn("synchronizations interrupted by the last stop are resumed", { runs: runs.map((r) => r.id) });
  return runs.length;
}
