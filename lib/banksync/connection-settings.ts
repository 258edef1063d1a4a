import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { message } from "@/i18n/message";
import { assertCanWrite, type Actor } from "./actor";
import { logConnectionMessage } from "./connection-log";
import { NotFoundError } from "./errors";
import { isUuid } from "./journals";

/**
 * The "Automatic synchronization" switch of a connection. Off, the 12-hour scheduler leaves the
 * connection alone (banks that refuse background fetches); "Fetch Transactions" still works. A change
 * is written to the connection's log; setting the value it already has changes and logs nothing.
 */
export async function setAutoSync(db: Db, actor: Actor, connectionId: string, enabled: boolean, at: Date = new Date()): Promise<{ changed: boolean }> {
  assertCanWrite(actor);
  if (!isUuid(connectionId)) throw new NotFoundError("Connection");
  return db.transaction(async (tx) => {
    const [connection] = await tx
      .select({ autoSync: connections.autoSync })
      .from(connections)
      .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)))
      .for("update");
    if (!connection) throw new NotFoundError("Connection");
    if (connection.autoSync === enabled) return { changed: false };
    await tx.update(connections).set({ autoSync: enabled, updatedAt: at }).where(eq(connections.id, connectionId));
    await logConnectionMessage(tx, {
      companyId: actor.companyId,
      connectionId,
      text: message(enabled ? "ConnectionLog.autoSyncEnabled" : "ConnectionLog.autoSyncDisabled"),
      authorId: actor.userId,
      at,
    });
    return { changed: true };
  });
}
