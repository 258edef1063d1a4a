/**
 * Runs once when the server starts, before it answers: migrations, the headless seed, then the job
 * queue (workers and schedules run in the web process; see lib/jobs).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/db");
  const { seedFromEnv } = await import("@/lib/seed");
  const db = await getDb();
  await seedFromEnv(db, process.env);
  const { env } = await import("@/lib/env");
  if (env().mode === "sandbox") {
    // The app clock shares the sandbox world's offset (SANDBOX.md, "Clock"), kept in the database.
    const { getState } = await import("@/lib/sandbox/store");
    const { setSandboxClockOffset } = await import("@/lib/clock");
    setSandboxClockOffset((await getState(db)).clockOffsetMs);
    // The control API's renames are kept there too.
    await (await import("@/lib/sandbox/rename")).loadRenames(db);
  }
  const { startJobs, stopJobsOnSignals } = await import("@/lib/jobs");
  await startJobs();
  stopJobsOnSignals();
}
