import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connectionMessages, connections, users } from "@/db/schema";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import { readStoredText, type StoredText } from "./stored-text";

export type LogEntry = {
  id: string;
  level: "info" | "warning" | "error";
  /** What it says, in the reader's language when shown (a Message, or older text as it was written). */
  content: StoredText;
  /** As stored: a Message in JSON, or plain text (older entries, the sync engine's). */
  text: string;
  reference: string | null;
  /** Who did it; null for the scheduler and other background work. */
  author: string | null;
  createdAt: Date;
};

export type LogPage = { entries: LogEntry[]; page: number; pageCount: number; total: number };

export const LOG_PAGE_SIZE = 20;

/** A connection's log (the chatter), newest first, one page at a time. */
export async function listConnectionLog(db: Db, actor: Actor, connectionId: string, page = 1): Promise<LogPage> {
  if (!isUuid(connectionId)) throw new NotFoundError("Connection");
  const [owned] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)));
  if (!owned) throw new NotFoundError("Connection");
  const where = eq(connectionMessages.connectionId, connectionId);
  const [counted] = await db.select({ total: count() }).from(connectionMessages).where(where);
  const total = counted?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const entries = await db
    .select({
      id: connectionMessages.id,
      level: connectionMessages.level,
      text: connectionMessages.text,
      reference: connectionMessages.reference,
      author: users.email,
      createdAt: connectionMessages.createdAt,
    })
    .from(connectionMessages)
    .leftJoin(users, eq(users.id, connectionMessages.authorId))
    .where(where)
    .orderBy(desc(connectionMessages.seq))
    .limit(LOG_PAGE_SIZE)
    .offset((current - 1) * LOG_PAGE_SIZE);
  return { entries: entries.map((e) => ({ ...e, content: readStoredText(e.text) })), page: current, pageCount, total };
}
