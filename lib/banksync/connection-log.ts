import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionMessages } from "@/db/schema";

type Writer = Pick<Db, "insert">;

export type ConnectionMessage = {
  companyId: string;
  connectionId: string | null;
  journalId?: string | null;
  level?: "info" | "warning" | "error";
  text: string;
  reference?: string | null;
  authorId: string | null;
};

/** Writes one entry of a connection's log (the chatter), inside the caller's transaction when given one. */
export async function logConnectionMessage(db: Writer, message: ConnectionMessage): Promise<void> {
  await db.insert(connectionMessages).values({
    companyId: message.companyId,
    connectionId: message.connectionId,
    journalId: message.journalId ?? null,
    level: message.level ?? "info",
    text: message.text,
    reference: message.reference ?? null,
    authorId: message.authorId,
    // The statement's own time, not the transaction's: entries written together keep their order.
    createdAt: sql`clock_timestamp()`,
  });
}
