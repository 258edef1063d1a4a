import { fromPglite, PgBoss, type PGliteLike } from "pg-boss";
import type { Db } from "@/db/client";
import { logger } from "@/lib/logger";

/**
 * A pg-boss on the app's own database, not started: through the process's PGlite (pg-boss's
 * `fromPglite` adapter shares its one connection) or, with DATABASE_URL, a small pool of its own on
 * the same PostgreSQL. Its tables live in the `pgboss` schema beside the app's.
 */
export function openBoss(db: Db, databaseUrl: string | undefined): PgBoss {
  // Jobs whose worker stopped beating are failed (and retried) at the next supervision: every 10 s
  // rather than pg-boss's default minute, so a killed process's synchronization resumes within seconds.
  const supervision = { superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 };
  const boss = databaseUrl
    ? new PgBoss({ connectionString: databaseUrl, max: 4, application_name: "banksync-jobs", ...supervision })
    : new PgBoss({ db: fromPglite(pgliteOf(db)), backend: "pglite", ...supervision });
  // Without a listener an "error" event would crash the process; pg-boss recovers by itself.
  boss.on("error", (error) => logger.error("job queue error", { error: error.message }));
  return boss;
}

/** The PGlite under a drizzle handle: drizzle exposes its client as `$client`. */
function pgliteOf(db: Db): PGliteLike {
  const client = (db as unknown as { $client?: Partial<PGliteLike> }).$client;
  if (typeof client?.query !== "function" || typeof client.exec !== "function") {
    throw new Error("The database is not PGlite and DATABASE_URL is unset: cannot open the job queue.");
  }
  return client as PGliteLike;
}
