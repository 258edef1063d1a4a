import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drivers, freshDatabase } from "@/test/databases";
import { startResetProxy, type ResetProxy } from "@/test/reset-proxy";
import { openPostgres, resultRows, type Database } from "./client";
import { isConnectionLost } from "./errors";

/**
 * A transaction's socket reset by the network in the middle of a statement: postgres.js reports the
 * socket's ECONNRESET, not the server's 57P01. The transaction must fail as a lost connection (so the
 * sync is retried), never send its ROLLBACK on the dead connection (which waits forever), and leave
 * the pool serving.
 */
describe.skipIf(!drivers.includes("postgres"))("a transaction whose connection is reset on postgres", () => {
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let proxy: ResetProxy;
  let app: Database;
  let through: URL;
  let watcher: postgres.Sql;

  beforeAll(async () => {
    target = await freshDatabase("postgres");
    const url = new URL(target.url!);
    proxy = await startResetProxy({ host: url.hostname, port: Number(url.port || 5432) });
    through = new URL(url);
    through.hostname = "127.0.0.1";
    through.port = String(proxy.port);
    app = openPostgres(through.toString(), { max: 2 });
    watcher = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await watcher`create table reset_probe (n int)`;
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await watcher?.end();
    await target?.close();
  });

  const running = async (text: string) =>
    (await watcher`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like ${`%${text}%`} and pid <> pg_backend_pid()`)[0]!.n as number;

  it("fails as a lost connection, writes nothing, and the pool's next transactions commit", async () => {
    const cut = app.db.transaction(async (tx) => {
      await tx.execute(sql`insert into reset_probe values (1)`);
      await tx.execute(sql`select pg_sleep(2) as reset_me`);
    });
    const outcome = cut.then(
      () => "committed",
      (error: unknown) => error,
    );
    await expect.poll(() => running("reset_me"), { timeout: 10_000, interval: 20 }).toBe(1);
    expect(proxy.resetAll()).toBeGreaterThan(0);

    const error = await outcome;
    expect(error).not.toBe("committed");
    expect(isConnectionLost(error)).toBe(true);

    // More transactions than the pool has connections: each slot was reconnected, none is stuck.
    for (const n of [2, 3, 4, 5]) await app.db.transaction(async (tx) => void (await tx.execute(sql`insert into reset_probe values (${n})`)));
    // The cut transaction's row is gone with it (the server rolls back a session it lost).
    await expect.poll(() => running("reset_me"), { timeout: 15_000, interval: 100 }).toBe(0);
    expect(resultRows<{ n: number }>(await app.db.execute(sql`select n from reset_probe order by n`)).map((r) => r.n)).toEqual([2, 3, 4, 5]);
  }, 60_000);

  it("a transaction waiting for the pool's only connection gets it back reconnected when that one is cut", async () => {
    const single = openPostgres(through.toString(), { max: 1 });
    try {
      const cut = single.db.transaction(async (tx) => void (await tx.execute(sql`select pg_sleep(2) as reset_single`)));
      const cutOutcome = cut.then(() => "committed", (error: unknown) => error);
      await expect.poll(() => running("reset_single"), { timeout: 10_000, interval: 20 }).toBe(1);
      // Queued behind the running one: postgres.js 3.4.9 hands such a waiting reservation to the cut
      // connection's reconnection, which drops it (porsager/postgres#1195).
      const waiting = single.db.transaction(async (tx) => resultRows<{ n: number }>(await tx.execute(sql`select 7 as n`))[0]!.n);
      expect(proxy.resetAll()).toBeGreaterThan(0);
      expect(isConnectionLost(await cutOutcome)).toBe(true);
      expect(await waiting).toBe(7);
    } finally {
      await single.close();
    }
  }, 60_000);
});
