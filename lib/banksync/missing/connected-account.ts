import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { companies, connections, institutionProviders, onlineAccounts } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import type { Actor } from "../actor";
import { ValidationError } from "../errors";
import { getJournal } from "../journals";

export type ConnectedAccount = {
  journalId: string;
  onlineAccountId: string;
  accountExternalId: string;
  connectionId: string;
  provider: string;
  /** Encrypted; decrypted only where the provider is called. */
  secret: string;
  connectionCreatedAt: Date;
  /** How many days of history the institution gives through this provider. */
  historyDays: number;
  lockDate: string | null;
};

export const NOT_SYNCHRONIZED_MESSAGE = message("Journal.missingUnavailable.notSynchronized");

/**
 * The online account feeding one of the actor's journals. With `askable`, only when the bank can be
 * asked now: its connection connected or in error (a failed run does not stop a fetch by hand) and
 * the account still shared. Otherwise a refusal that says why and what to do.
 */
export async function connectedAccountOf(db: Db, actor: Actor, journalId: string, { askable }: { askable: boolean }): Promise<ConnectedAccount> {
  await getJournal(db, actor, journalId);
  const [row] = await db
    .select({
      onlineAccountId: onlineAccounts.id,
      accountExternalId: onlineAccounts.externalId,
      missingSince: onlineAccounts.missingSince,
      connectionId: connections.id,
      provider: connections.provider,
      secret: connections.secret,
      state: connections.state,
      connectionCreatedAt: connections.createdAt,
      historyDays: institutionProviders.historyDays,
      lockDate: companies.lockEverythingDate,
    })
    .from(onlineAccounts)
    .innerJoin(connections, eq(connections.id, onlineAccounts.connectionId))
    .innerJoin(companies, eq(companies.id, connections.companyId))
    .leftJoin(institutionProviders, and(eq(institutionProviders.institutionId, connections.institutionId), eq(institutionProviders.provider, connections.provider)))
    .where(and(eq(onlineAccounts.journalId, journalId), eq(onlineAccounts.companyId, actor.companyId)));
  const refuse = (reason: Message) => new ValidationError({ journalId: [reason] });
  if (!row) throw refuse(NOT_SYNCHRONIZED_MESSAGE);
  const { missingSince, state, historyDays, ...account } = row;
  if (askable) {
    if (state === "action_required") throw refuse(message("FindMissing.refusals.needsYou"));
    if (state === "disconnected") throw refuse(message("FindMissing.refusals.disconnected"));
    if (missingSince) throw refuse(message("FindMissing.refusals.accountNotShared"));
  }
  return { journalId, ...account, historyDays: historyDays ?? 90 };
}
