import postgres, { type ReservedSql, type Sql, type TransactionSql } from "postgres";
import { isConnectionLost } from "./errors";

type Body = (sql: TransactionSql) => unknown;

/** How long a rollback may take before its connection is taken for lost. */
const ROLLBACK_WAIT_MS = 10_000;

/**
 * A postgres.js pool whose transactions and reserved connections survive connections being cut
 * (`pg_terminate_backend`, a failover, a network reset). postgres.js 3.4.9 has two faults there:
 *
 * - Its own `begin` sends ROLLBACK on the dead connection: the write runs from a timer and throws
 *   there (uncatchable: the process dies), and the connection keeps a flush that never happens, so
 *   every later use of its pool slot times out (porsager/postgres#1199). Here a transaction runs on a
 *   reserved connection and is rolled back only while that connection lives (the server rolled back
 *   a lost one's). Drizzle's `db.transaction` calls this `begin`; nested transactions (savepoints)
 *   are not used by the app and not offered.
 * - A `reserve()` waiting for a connection is handed to the reconnection of any connection that
 *   closes meanwhile, which drops it: the promise never settles (porsager/postgres#1195). Here every
 *   reservation still waiting when a connection closes is asked for again; the first answer wins and
 *   a later one is released at once.
 */
export function openPostgresPool(url: string, options: { max: number }): Sql {
  const waiting = new Set<() => void>();
  const client = postgres(url, {
    max: options.max,
    onnotice: () => {},
    // Called inside the pool's own bookkeeping of the close, before it reuses the connection: asked
    // again once that is done.
    onclose: () => setImmediate(() => [...waiting].forEach((ask) => ask())),
  });
  const reserveOnce = client.reserve.bind(client);

  const reserve = () =>
    new Promise<ReservedSql>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        waiting.delete(ask);
      };
      const ask = () =>
        reserveOnce().then(
          (connection) => {
            if (settled) return connection.release();
            settle();
            resolve(connection);
          },
          (error: unknown) => {
            if (settled) return;
            settle();
            reject(error);
          },
        );
      waiting.add(ask);
      ask();
    });

  const begin = async (optionsOrBody: string | Body, maybeBody?: Body) => {
    const [mode, body] = typeof optionsOrBody === "string" ? [optionsOrBody, maybeBody!] : ["", optionsOrBody];
    const connection = await reserve();
    try {
      await connection.unsafe(`begin ${mode.replace(/[^a-z ]/gi, "")}`);
      const result = await body(connection as unknown as TransactionSql);
      await connection.unsafe("commit");
      connection.release();
      return result;
    } catch (error) {
      // A lost connection is already back in the pool's closed ones, to be reconnected: writing to it
      // or releasing it (among the open ones) would crash the process.
      if (isConnectionLost(error)) throw error;
      // A connection lost in a way not recognised above would queue the rollback forever: bounded,
      // it is then left reserved (postgres.js has already moved a lost one to its closed ones).
      if (await rolledBack(connection.unsafe("rollback"))) connection.release();
      throw error;
    }
  };
  Object.defineProperty(client, "reserve", { value: reserve, configurable: true, writable: true });
  Object.defineProperty(client, "begin", { value: begin, configurable: true, writable: true });
  return client;
}

/** Whether a rollback left its connection usable: it answered in time, and not with a lost connection. */
async function rolledBack(rollback: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ROLLBACK_WAIT_MS)));
  try {
    return await Promise.race([rollback.then(() => true, (error: unknown) => !isConnectionLost(error)), late]);
  } finally {
    clearTimeout(timer);
  }
}
