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
  /** When it happened, on the caller's clock (the app's: in sandbox mode it follows the simulated world). */
  at: Date;
};

/**
 * Writes one entry of a connection's log (the chatter), inside the caller's transaction when given one.
 * Entries are read back in the order they were written (their identity `seq`).
 */
export async function logConnectionMessage(db: Writer, message: ConnectionMessage): Promise<void> {
  await db.insert(connectionMessages).values({
    companyId: message.companyId,
    connectionId: message.connectionId,
    journalId: message.journalId ?? null,
    level: message.level ?? "info",
    text: message.text,
    reference: message.reference ?? null,
    authorId: message.authorId,
    createdAt: message.at,
  });
}
