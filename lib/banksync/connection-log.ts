import type { Db } from "@/db/client";
import { connectionMessages } from "@/db/schema";
import type { Message } from "@/i18n/message";
import { storeText } from "./connections/stored-text";

type Writer = Pick<Db, "insert">;

export type ConnectionMessage = {
  companyId: string;
  connectionId: string | null;
  journalId?: string | null;
  level?: "info" | "warning" | "error";
  /**
   * What happened, as a Message: the log is read later, in the reader's language. Plain text is still
   * taken (the sync engine's sentences, not yet Messages) and shown as it is.
   */
  text: Message | string;
  /** The provider's own message, as it sent it: shown beside the text, labelled, never translated. */
  providerMessage?: string | null;
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
    text: typeof message.text === "string" ? message.text : storeText(message.text, message.providerMessage),
    reference: message.reference ?? null,
    authorId: message.authorId,
    createdAt: message.at,
  });
}
