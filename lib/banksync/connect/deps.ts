import type { Db } from "@/db/client";
import type { Clock } from "@/lib/clock";
import type { ProviderAdapters } from "../providers/registry";
import type { SyncQueue } from "../sync-queue";

/** What connecting needs from the outside: the database, the adapters, the clock, the key and the queue. */
export type ConnectDeps = {
  db: Db;
  adapters: ProviderAdapters;
  clock: Clock;
  appSecret: string;
  queue: SyncQueue;
};
