import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, freshDatabase } from "@/test/databases";
import type { Database } from "./client";

describe.each(drivers)("migrations on %s", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(driver);
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
});
