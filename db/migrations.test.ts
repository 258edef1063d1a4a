import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, freshDatabase } from "@/test/databases";
import { resultRows, type Database } from "./client";

describe.each(drivers)("migrations on %s", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(driver, { fromScratch: true });
  });
  afterAll(() => database?.close());

  it("create every table from an empty database", async () => {
    const result: unknown = await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    // PGlite answers { rows }, postgres.js an array of rows.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[];
    const names = rows.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(["bank_accounts", "companies", "journals", "memberships", "statement_lines", "users"]));
  });

  it("are idempotent: applying them again changes nothing", async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it("leave the schema of the migrated template every other test's database is copied from", async () => {
    const copy = await freshDatabase(driver);
    try {
      const outline = await schemaOutline(database);
      expect(outline).toContainEqual(expect.stringMatching(/^extension pg_trgm /));
      expect(await schemaOutline(copy)).toEqual(outline);
    } finally {
      await copy.close();
    }
  });
});

/** Columns, indexes, constraints, triggers, functions, extensions and applied migrations, one line each. */
async function schemaOutline(database: Database): Promise<string[]> {
  const result = await database.db.execute(sql`
    select line from (
      select 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
        from information_schema.columns where table_schema in ('public', 'drizzle')
      union all select 'index ' || indexdef from pg_indexes where schemaname in ('public', 'drizzle')
      union all select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
      union all select 'trigger ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
      union all select 'function ' || oid::regprocedure || ' ' || md5(prosrc) from pg_proc where pronamespace = 'public'::regnamespace
      union all select 'extension ' || extname || ' ' || extversion from pg_extension
      union all select 'migration ' || hash || ' ' || created_at from drizzle.__drizzle_migrations
    ) outline order by line`);
  return resultRows<{ line: string }>(result).map((r) => r.line);
}
