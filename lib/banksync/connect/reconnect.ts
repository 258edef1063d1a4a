import { and, eq } from "drizzle-orm";
import { connections, institutionProviders, institutions } from "@/db/schema";
import { decryptJson } from "@/lib/crypto";
import { assertCanWrite, type Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import type { ConnectionSecret, ProviderId, PsuType } from "../providers/types";
import type { ConnectDeps } from "./deps";
import { beginAttempt, offerColumns, type StartedConnection } from "./start";

/**
 * "Reconnect Bank" (and a fetch at a bank that asks for a code at every refresh): the provider's
 * consent pages again for the same connection, with its current secret (Plaid update mode, Salt Edge
 * reconnect, a new GoCardless requisition or Enable Banking session). The callback then renews the
 * connection in place and synchronizes it.
 */
export async function startReconnection(
  deps: ConnectDeps,
  actor: Actor,
  input: { connectionId: string; appOrigin: string; language: string },
): Promise<StartedConnection> {
  assertCanWrite(actor);
  if (!isUuid(input.connectionId)) throw new NotFoundError("Connection");
  const [row] = await deps.db
    .select({ connection: connections, ...offerColumns })
    .from(connections)
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .innerJoin(institutionProviders, and(eq(institutionProviders.institutionId, connections.institutionId), eq(institutionProviders.provider, connections.provider)))
    .where(and(eq(connections.id, input.connectionId), eq(connections.companyId, actor.companyId)));
  if (!row) throw new NotFoundError("Connection");
  const c = row.connection;
  return beginAttempt(deps, actor, {
    institutionId: c.institutionId,
    provider: c.provider as ProviderId,
    offer: row,
    psuType: (row.psuTypes[0] as PsuType | undefined) ?? "personal",
    journalId: null,
    connectionId: c.id,
    clientId: c.clientId,
    existing: decryptJson(c.secret, c.id, deps.appSecret) as ConnectionSecret,
    appOrigin: input.appOrigin,
    language: input.language,
  });
}
