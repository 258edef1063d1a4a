import { and, eq, isNotNull } from "drizzle-orm";
import { connections, institutions, journals, onlineAccounts } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { decryptJson } from "@/lib/crypto";
import { logger } from "@/lib/logger";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import { isProviderError } from "../providers/errors";
import { providerNames, type ConnectionSecret, type ProviderId } from "../providers/types";
import { newErrorReference } from "../reference";
import { stopIdleRun } from "./active-run";
import type { ManageDeps } from "./deps";
import { storeText } from "./stored-text";

export type DeleteOutcome =
  | { status: "deleted" }
  /** The consent is revoked but the provider keeps its record: the connection stays, disconnected. */
  | { status: "kept"; message: Message }
  /** The provider could not revoke: nothing changed here; `providerMessage` is its own words, as sent. */
  | { status: "failed"; message: Message; providerName: string; providerMessage: string | null; reference: string };

export function providerKeepsRecordMessage(providerName: string): Message {
  return message("Connection.outcomes.providerKeepsRecord", { provider: providerName });
}

type Connection = typeof connections.$inferSelect;

/**
 * "Delete": revokes the consent at the provider, then removes the connection. Its journals and their
 * lines stay, no longer synchronized. Where the provider keeps its own record (Salt Edge), the
 * connection stays as disconnected, its journals unlinked, with a message saying what to do.
 */
export async function deleteConnection(deps: ManageDeps, actor: Actor, connectionId: string): Promise<DeleteOutcome> {
  assertCanWrite(actor);
  if (!isUuid(connectionId)) throw new NotFoundError("Connection");
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.companyId, actor.companyId)));
  if (!connection) throw new NotFoundError("Connection");
  return removeConnection(deps, connection, actor.userId);
}

/** Revokes and removes one connection; `authorId` is null for housekeeping. */
export async function removeConnection(deps: ManageDeps, connection: Connection, authorId: string | null): Promise<DeleteOutcome> {
  await stopIdleRun(
    deps,
    connection.id,
    message("SyncRuns.stoppedDeleting"),
    message("Connection.errors.busyDelete"),
  );
  const provider = connection.provider as ProviderId;
  const providerName = providerNames[provider] ?? connection.provider;
  const [institution] = await deps.db.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, connection.institutionId));
  // The institution cannot go while a connection refers to it (restrict); its id stands in all the same.
  const institutionName = institution?.name ?? connection.institutionId;
  let keepsRecord: boolean;
  try {
    const adapter = deps.adapters[provider];
    if (!adapter) throw new Error(`Provider ${connection.provider} is not configured on this server`);
    ({ providerKeepsRecord: keepsRecord } = await adapter.revoke(decryptJson(connection.secret, connection.id, deps.appSecret) as ConnectionSecret));
  } catch (error) {
    return revokeFailed(deps, connection, providerName, error, authorId);
  }

  const linked = await deps.db
    .select({ journalId: journals.id, journalName: journals.name })
    .from(onlineAccounts)
    .innerJoin(journals, eq(journals.id, onlineAccounts.journalId))
    .where(and(eq(onlineAccounts.connectionId, connection.id), isNotNull(onlineAccounts.journalId)));
  const kept = keepsRecord ? providerKeepsRecordMessage(providerName) : null;
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (const { journalId } of linked) {
      await logConnectionMessage(tx, {
        companyId: connection.companyId,
        connectionId: null,
        journalId,
        text: message("ConnectionLog.connectionDeleted", { institution: institutionName, provider: providerName }),
        authorId,
        at,
      });
    }
    if (kept) {
      await tx.update(onlineAccounts).set({ journalId: null, fetchingStatus: "idle" }).where(eq(onlineAccounts.connectionId, connection.id));
      await tx
        .update(connections)
        .set({ state: "disconnected", lastErrorMessage: storeText(kept), lastErrorCode: null, lastErrorReference: null, updatedAt: deps.clock.now() })
        .where(eq(connections.id, connection.id));
      await logConnectionMessage(tx, { companyId: connection.companyId, connectionId: connection.id, level: "warning", text: kept, authorId, at });
    } else {
      await tx.delete(connections).where(eq(connections.id, connection.id));
    }
  });
  logger.info("connection deleted", { connectionId: connection.id, provider, keptAtProvider: keepsRecord });
  return kept ? { status: "kept", message: kept } : { status: "deleted" };
}

async function revokeFailed(deps: ManageDeps, connection: Connection, providerName: string, error: unknown, authorId: string | null): Promise<DeleteOutcome> {
  const reference = newErrorReference();
  const said = message("Connection.outcomes.revokeFailed", { provider: providerName });
  const providerMessage = isProviderError(error) ? (error.providerMessage ?? null) : null;
  logger.warn("revoke failed", { connectionId: connection.id, reference, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  await deps.db.transaction(async (tx) => {
    await tx
      .update(connections)
      .set({ lastErrorMessage: storeText(said, providerMessage), lastErrorCode: isProviderError(error) ? error.providerCode : null, lastErrorReference: reference, updatedAt: deps.clock.now() })
      .where(eq(connections.id, connection.id));
    await logConnectionMessage(tx, {
      companyId: connection.companyId,
      connectionId: connection.id,
      level: "error",
      text: said,
      providerMessage,
      reference,
      authorId,
      at: deps.clock.now(),
    });
  });
  return { status: "failed", message: said, providerName, providerMessage, reference };
}
