import type postgres from "postgres";
import { treeCpuMs } from "./web-server";

/** CPU time (user + system, ms) so far of the processes a tick keeps busy. */
export type CpuSnapshot = { web: number; workers: number; postgres: Map<number, number> };

/** CPU used between two snapshots, in ms, by kind of process. */
export type CpuUsed = { web: number; workers: number; postgres: number };

/**
 * Reads /proc/<pid>/stat of the web process and the worker processes (with their descendants) and
 * of the PostgreSQL backends connected to the bench's database (their pids from pg_stat_activity).
 * A backend that ends between two snapshots takes its CPU with it: the pools here keep theirs open.
 */
export async function cpuSnapshot(sql: postgres.Sql, database: string, webPid: number, workerPids: number[]): Promise<CpuSnapshot> {
  const backends = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  return {
    web: treeCpuMs(webPid),
    workers: workerPids.reduce((sum, pid) => sum + treeCpuMs(pid), 0),
    postgres: new Map(backends.map(({ pid }) => [pid, treeCpuMs(pid)])),
  };
}

export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot): CpuUsed {
  let postgresMs = 0;
  // A backend started during the tick counts from zero.
  for (const [pid, ms] of after.postgres) postgresMs += ms - (before.postgres.get(pid) ?? 0);
  return { web: after.web - before.web, workers: after.workers - before.workers, postgres: postgresMs };
}
