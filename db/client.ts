import path from "node:path";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { openPostgresPool } from "./postgres-pool";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database handle the domain layer works with, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  migrate: () => Promise<void>;
  close: () => Promise<void>;
};

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

/** An arbitrary constant: one process at a time applies migrations on a shared PostgreSQL. */
const MIGRATION_LOCK = 7_243_001;

export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const client = openPostgresPool(url, { max: options.max ?? 10 });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    async migrate() {
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        lock.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * PGlite in a folder on disk, or in memory when `dir` is undefined (tests); `loadDataDir` starts it
 * from a dumped data folder (`dumpDataDir`) instead of an empty one: the tests' migrated template.
 */
export function openPglite(dir: string | undefined, options: { loadDataDir?: Blob } = {}): Database {
  if (dir) mkdirSync(dir, { recursive: true });
  // pg_trgm backs the institution search; PGlite ships it as a loadable extension.
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm }, loadDataDir: options.loadDataDir });
  const pglite = drizzlePglite({ client, schema });
  return {
    db: pglite as unknown as Db,
    driver: "pglite",
    migrate: () => migratePglite(pglite, { migrationsFolder }),
    close: () => client.close(),
  };
}

export function openDatabase(config: { databaseUrl: string | undefined; dataDir: string }): Database {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(path.join(/*turbopackIgnore: true*/ config.dataDir, "pglite"));
}

/** The rows of a raw `db.execute` answer: PGlite answers `{ rows }`, postgres.js an array of rows. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
