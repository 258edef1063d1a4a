import type { Sql, TransactionSql } from "postgres";
import { isConnectionLost } from "./errors";

type Body = (sql: TransactionSql) => unknown;

/**
 * Transactions on a postgres.js pool that survive their connection being cut (`pg_terminate_backend`,
 * a failover). postgres.js 3.4.9's own `begin` sends ROLLBACK on the dead connection: the write runs
 * from a timer and throws there (uncatchable: the process dies), and the connection keeps a flush
 * that never happens, so every later use of its pool slot times out. Here a transaction runs on a
 * reserved connection and is rolled back only while that connection lives (the server rolled back a
 * lost one's). Drizzle's `db.transaction` calls this `begin`; nested transactions (savepoints) are
 * not used by the app and not offered. A body whose own statement on another connection was cut
 * would leave this one reserved: the app's transactions run every statement on their `tx`.
 */
export function withSafeTransactions(client: Sql): Sql {
  const begin = async (optionsOrBody: string | Body, maybeBody?: Body) => {
    const [options, body] = typeof optionsOrBody === "string" ? [optionsOrBody, maybeBody!] : ["", optionsOrBody];
    const connection = await client.reserve();
    try {
      await connection.unsafe(`begin ${options.replace(/[^a-z ]/gi, "")}`);
      const result = await body(connection as unknown as TransactionSql);
      await connection.unsafe("commit");
      connection.release();
      return result;
    } catch (error) {
      // A lost connection is already back in the pool's closed ones, to be reconnected: writing to it
      // or releasing it (among the open ones) would crash the process.
      if (isConnectionLost(error)) throw error;
      await connection.unsafe("rollback").catch(() => undefined);
      connection.release();
      throw error;
    }
  };
  Object.defineProperty(client, "begin", { value: begin, configurable: true, writable: true });
  return client;
}
