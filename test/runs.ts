import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";

/** Waits until a synchronization run has succeeded or failed, and answers it (the workers run it meanwhile). */
export async function waitForRun(db: Db, runId: string, timeoutMs = 90_000): Promise<typeof syncRuns.$inferSelect> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    if (run && (run.status === "succeeded" || run.status === "failed")) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
