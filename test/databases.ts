import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "@/db/client";

export type Driver = "pglite" | "postgres";

/**
 * PGlite always; PostgreSQL too when DATABASE_URL is set (`.ci/run` points it at the machine's server).
 * TEST_DRIVERS (e.g. "postgres") narrows it, so a second run can cover only what the first did not.
 */
export const drivers: Driver[] = (() => {
  const available: Driver[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
  const wanted = process.env.TEST_DRIVERS?.split(",").map((d) => d.trim());
  return wanted ? available.filter((d) => wanted.includes(d)) : available;
})();

/**
 * A new, migrated, empty database: PGlite in memory, or a throwaway database on the PostgreSQL
 * server of DATABASE_URL, dropped again by close().
 */
export async function freshDatabase(driver: Driver): Promise<Database & { url?: string }> {
  if (driver === "pglite") {
    const database = openPglite(undefined);
    await database.migrate();
    return database;
  }
  const url = new URL(process.env.DATABASE_URL!);
  const name = `banksync_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = openPostgres(testUrl.toString(), { max: 5 });
  await database.migrate();
  return {
    ...database,
    url: testUrl.toString(),
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
