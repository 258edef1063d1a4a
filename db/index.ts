import { env } from "@/lib/env";
import { openDatabase, type Database, type Db } from "./client";

type Shared = { database: Database; ready: Promise<void> };
const globalKey = Symbol.for("banksync.database");
const holder = globalThis as typeof globalThis & { [globalKey]?: Shared };

/**
 * The process's one database. Kept on globalThis because Next bundles server code into several
 * module graphs (instrumentation, routes, actions) and PGlite must be opened once per process.
 */
function shared(): Shared {
  let s = holder[globalKey];
  if (!s) {
    const database = openDatabase(env());
    s = { database, ready: database.migrate() };
    holder[globalKey] = s;
  }
  return s;
}

/** The database, migrated. */
export async function getDb(): Promise<Db> {
  const s = shared();
  await s.ready;
  return s.database.db;
}

export async function closeDb(): Promise<void> {
  const s = holder[globalKey];
  if (!s) return;
  delete holder[globalKey];
  await s.database.close();
}
