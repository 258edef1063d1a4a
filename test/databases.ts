import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { migrationsFolder, openPglite, openPostgres, type Database } from "@/db/client";

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

const TEST_DATABASE_PREFIX = "banksync_test_";
const TEMPLATE_PREFIX = "banksync_template_";
/** An arbitrary constant beside db/client.ts's migration lock: one process at a time makes a template. */
const TEMPLATE_LOCK = 7_243_002;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A new, migrated, empty database: PGlite in memory, or a throwaway database on the PostgreSQL
 * server of DATABASE_URL, dropped again by close(). Both start as a copy of a database migrated once
 * for the current migrations (PGlite's initdb and the migrations took seconds a file); `fromScratch`
 * applies every migration to an empty database instead, as the migration test must.
 */
export async function freshDatabase(driver: Driver, options: { fromScratch?: boolean } = {}): Promise<Database & { url?: string }> {
  if (driver === "pglite") {
    if (options.fromScratch) {
      const database = openPglite(undefined);
      await database.migrate();
      return database;
    }
    return openPglite(undefined, { loadDataDir: await pgliteTemplate() });
  }
  const url = new URL(process.env.DATABASE_URL!);
  const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  let database: Database;
  if (options.fromScratch) {
    await admin.unsafe(`create database ${name}`);
    database = openPostgres(testUrl.toString(), { max: 5 });
    await database.migrate();
  } else {
    await admin.unsafe(`create database ${name} template ${await postgresTemplate(admin, url)}`);
    database = openPostgres(testUrl.toString(), { max: 5 });
  }
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

/**
 * What a template is made of: every file of the migrations, PGlite's version (its data folder is
 * its PostgreSQL's) and this file's way of making one. A change to any of them makes a new template.
 */
const templateKey = (() => {
  let key: string | undefined;
  return () => {
    if (key) return key;
    const hash = createHash("sha256").update("template v1\n");
    const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const pglitePackage = path.join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf(`${path.sep}dist${path.sep}`)), "package.json");
    hash.update(JSON.parse(readFileSync(pglitePackage, "utf8")).version as string);
    for (const file of readdirSync(migrationsFolder, { recursive: true, encoding: "utf8" }).sort()) {
      const full = path.join(migrationsFolder, file);
      if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(`\n${file}\n`).update(readFileSync(full));
    }
    return (key = hash.digest("hex").slice(0, 16));
  };
})();

/**
 * Dumped PGlite data folders, one file per template key, shared by every test process on this machine.
 * Not compressed (42 MB, mostly an empty WAL segment): gzip's 5 MB took about half a second more to open.
 */
const pgliteTemplateDir = path.join(tmpdir(), "banksync-test-templates");

let pgliteTemplateBlob: Promise<Blob> | undefined;

/**
 * The migrated PGlite data folder as a tarball: read from the shared file, or made and saved when
 * missing (Vitest's global setup makes it before the test files start; a bench script on its own).
 */
export function pgliteTemplate(): Promise<Blob> {
  pgliteTemplateBlob ??= (async () => {
    const file = path.join(pgliteTemplateDir, `pglite-${templateKey()}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const database = openPglite(undefined);
    try {
      await database.migrate();
      const dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
      const bytes = Buffer.from(await dump.arrayBuffer());
      // Written aside and renamed: a process reading the file never sees half of it. Two processes
      // making it at once both write the same thing; the last rename wins.
      mkdirSync(pgliteTemplateDir, { recursive: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
      writeFileSync(partial, bytes);
      renameSync(partial, file);
      return new Blob([bytes]);
    } finally {
      await database.close();
    }
  })();
  return pgliteTemplateBlob;
}

/** Removes template files of other migrations left more than a day ago (another checkout may still use one). */
export function pruneStalePgliteTemplates(): void {
  const current = `pglite-${templateKey()}.tar`;
  let files: string[];
  try {
    files = readdirSync(pgliteTemplateDir);
  } catch {
    return;
  }
  for (const file of files) {
    if (file === current) continue;
    const full = path.join(pgliteTemplateDir, file);
    try {
      if (Date.now() - statSync(full).mtimeMs > DAY_MS) rmSync(full, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * The name of the migrated template database on the server of `url`, made under an advisory lock
 * when missing: migrated under another name and renamed, so a template that exists is complete.
 */
export async function postgresTemplate(admin: postgres.Sql, url: URL): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${templateKey()}`;
  const exists = async (sql: postgres.Sql) => (await sql`select 1 from pg_database where datname = ${name}`).length > 0;
  if (await exists(admin)) return name;
  const lock = await admin.reserve();
  try {
    await lock`select pg_advisory_lock(${TEMPLATE_LOCK})`;
    if (await exists(lock)) return name;
    const building = `${name}_building`;
    // A process killed while making it left this one behind.
    await lock.unsafe(`drop database if exists ${building} with (force)`);
    await lock.unsafe(`create database ${building}`);
    const buildingUrl = new URL(url);
    buildingUrl.pathname = `/${building}`;
    // Two connections: migrate() holds one for its advisory lock while the migrations run on the other.
    const database = openPostgres(buildingUrl.toString(), { max: 2 });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    await lock.unsafe(`alter database ${building} rename to ${name}`);
    await lock.unsafe(`comment on database ${name} is '${new Date().toISOString()}'`);
    return name;
  } finally {
    await lock`select pg_advisory_unlock(${TEMPLATE_LOCK})`;
    lock.release();
  }
}

/**
 * Drops what runs killed before their close() left on the server: test databases more than two hours
 * old (the time is in their name), and templates of other migrations made more than a day ago.
 */
export async function dropStalePostgresDatabases(admin: postgres.Sql): Promise<void> {
  const rows = await admin<{ datname: string; made: string | null }[]>`
    select datname, shobj_description(oid, 'pg_database') as made from pg_database
    where datname like ${`${TEST_DATABASE_PREFIX}%`} or datname like ${`${TEMPLATE_PREFIX}%`}`;
  const current = `${TEMPLATE_PREFIX}${templateKey()}`;
  for (const { datname, made } of rows) {
    const testMade = new RegExp(`^${TEST_DATABASE_PREFIX}([0-9a-z]{8})_[0-9a-f]{8}$`).exec(datname)?.[1];
    const stale = testMade
      ? Date.now() - parseInt(testMade, 36) > 2 * HOUR_MS
      : datname.startsWith(TEMPLATE_PREFIX) && !datname.startsWith(current) && made !== null && Date.now() - Date.parse(made) > DAY_MS;
    if (stale) await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => undefined);
  }
}
