/** Runs once when the server starts, before it answers: migrations, then the headless seed. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/db");
  const { seedFromEnv } = await import("@/lib/seed");
  const db = await getDb();
  await seedFromEnv(db, process.env);
}
