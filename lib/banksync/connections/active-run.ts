import { and, eq, inArray } from "drizzle-orm";
import { syncRuns } from "@/db/schema";
import type { Message } from "@/i18n/message";
import { logger } from "@/lib/logger";
import { ValidationError } from "../errors";
import { staleAfterMs } from "../sync/deps";
import type { ManageDeps } from "./deps";
import { storeText } from "./stored-text";

/**
 * Stops the connection's queued run, or its running one that no worker holds any more, so the
 * connection can be changed; a run a live worker holds refuses with `busyMessage` instead.
 */
export async function stopIdleRun(deps: ManageDeps, connectionId: string, reason: Message, busyMessage: Message): Promise<void> {
  const now = deps.clock.now();
  const [run] = await deps.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ["queued", "running"])));
  if (!run) return;
  const beat = run.heartbeatAt ?? run.startedAt;
  if (run.status === "running" && beat && now.getTime() - beat.getTime() < staleAfterMs(deps)) {
    throw new ValidationError({ connection: [busyMessage] });
  }
  const [stopped] = await deps.db
    .update(syncRuns)
    .set({ status: "failed", errorMessage: storeText(reason), finishedAt: now })
    .where(and(eq(syncRuns.id, run.id), eq(syncRuns.status, run.status)))
    .returning({ jobId: syncRuns.jobId });
  if (!stopped) throw new ValidationError({ connection: [busyMessage] });
  if (stopped.jobId) {
    await deps.queue.abandon(stopped.jobId).catch((error: unknown) => logger.warn("could not abandon a stopped run's job", { jobId: stopped.jobId, error: String(error) }));
  }
}
