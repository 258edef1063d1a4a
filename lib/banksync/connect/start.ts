import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { connectionAttempts, institutionProviders, institutions, journals, onlineAccounts } from "@/db/schema";
import { message } from "@/i18n/message";
import { encryptJson } from "@/lib/crypto";
import { logger } from "@/lib/logger";
import { assertCanWrite, type Actor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { providerNames, type ConnectionSecret, type ProviderId, type PsuType } from "../providers/types";
import type { ConnectDeps } from "./deps";
import { providerFailure, type ConnectFailure } from "./failure";
import { signState, STATE_LIFETIME_SECONDS } from "./state";

export type StartConnectionInput = {
  institutionId: string;
  provider: ProviderId;
  psuType: PsuType | null;
  /** "Connect bank" on a journal card: link this journal. */
  journalId: string | null;
  /** The app's origin as the user's browser reaches it: the provider sends the pop-up back there. */
  appOrigin: string;
  /** ISO 639-1 language of the provider's pages. */
  language: string;
};

export type StartedConnection = { ok: true; attemptId: string; url: string } | { ok: false; failure: ConnectFailure };

export function callbackUrl(appOrigin: string, provider: ProviderId): string {
  return new URL(`/api/banksync/callback/${provider}`, appOrigin).toString();
}

/** Our identifier of a connection at the provider: random, so it tells the provider nothing about us. */
function newClientId(): string {
  return `banksync-${randomBytes(12).toString("base64url")}`;
}

/**
 * "Connect": asks the provider to start its consent flow and records the attempt (with what the
 * adapter needs to complete it, encrypted). Answers the provider's consent URL for the pop-up. A
 * provider that refuses to start answers a failure with a reference; nothing is written then.
 */
/** What a consent flow needs of an institution as one provider serves it (join institutions and institution_providers). */
export const offerColumns = {
  name: institutions.name,
  country: institutions.country,
  externalId: institutionProviders.externalId,
  historyDays: institutionProviders.historyDays,
  consentDays: institutionProviders.consentDays,
  psuTypes: institutionProviders.psuTypes,
};

export async function startConnection(deps: ConnectDeps, actor: Actor, input: StartConnectionInput): Promise<StartedConnection> {
  assertCanWrite(actor);
  const { db } = deps;
  const [offer] = await db
    .select(offerColumns)
    .from(institutionProviders)
    .innerJoin(institutions, eq(institutions.id, institutionProviders.institutionId))
    .where(
      and(
        eq(institutionProviders.institutionId, input.institutionId),
        eq(institutionProviders.provider, input.provider),
        isNull(institutionProviders.delistedAt),
      ),
    );
  if (!offer) throw new NotFoundError(`${providerNames[input.provider]} institution`);
  if (input.journalId) await assertLinkableJournal(deps, actor, input.journalId);

  const psuType = input.psuType && offer.psuTypes.includes(input.psuType) ? input.psuType : ((offer.psuTypes[0] as PsuType | undefined) ?? "personal");
  return beginAttempt(deps, actor, {
    ...input,
    offer,
    psuType,
    clientId: newClientId(),
    connectionId: null,
    existing: null,
  });
}

export type AttemptSpec = {
  institutionId: string;
  provider: ProviderId;
  offer: { name: string; country: string; externalId: string; historyDays: number; consentDays: number | null };
  psuType: PsuType;
  journalId: string | null;
  /** Update Credentials / Reconnect: the connection renewed, its client id and current secret. */
  connectionId: string | null;
  clientId: string;
  existing: ConnectionSecret | null;
  appOrigin: string;
  language: string;
};

/** Asks the provider for its consent URL and records the attempt; nothing is written when the provider refuses. */
export async function beginAttempt(deps: ConnectDeps, actor: Actor, spec: AttemptSpec): Promise<StartedConnection> {
  const adapter = deps.adapters[spec.provider];
  if (!adapter) throw new ValidationError({ provider: [message("Connect.providerNotConfigured", { provider: providerNames[spec.provider] })] });
  const attemptId = randomUUID();
  const state = signState({ attemptId, userId: actor.userId, companyId: actor.companyId, provider: spec.provider }, deps.appSecret, deps.clock);
  let started;
  try {
    started = await adapter.startAuthorization({
      institution: { externalId: spec.offer.externalId, country: spec.offer.country, name: spec.offer.name },
      redirectUrl: callbackUrl(spec.appOrigin, spec.provider),
      state,
      language: spec.language,
      psuType: spec.psuType,
      historyDays: spec.offer.historyDays,
      consentDays: spec.offer.consentDays,
      clientUserId: spec.clientId,
      existing: spec.existing,
    });
  } catch (error) {
    const failure = providerFailure(error, spec.provider);
    logger.error("connection could not start", { provider: spec.provider, reference: failure.reference, error: failure.logText });
    return { ok: false, failure };
  }

  await deps.db.insert(connectionAttempts).values({
    id: attemptId,
    companyId: actor.companyId,
    userId: actor.userId,
    institutionId: spec.institutionId,
    provider: spec.provider,
    psuType: spec.psuType,
    journalId: spec.journalId,
    connectionId: spec.connectionId,
    clientId: spec.clientId,
    pending: encryptJson(started.pending, attemptId, deps.appSecret),
    expiresAt: new Date(deps.clock.now().getTime() + STATE_LIFETIME_SECONDS * 1000),
  });
  return { ok: true, attemptId, url: started.url };
}

/** A journal of the actor's company that no online account feeds yet. */
async function assertLinkableJournal(deps: ConnectDeps, actor: Actor, journalId: string): Promise<void> {
  const [journal] = await deps.db
    .select({ id: journals.id, linked: onlineAccounts.id })
    .from(journals)
    .leftJoin(onlineAccounts, eq(onlineAccounts.journalId, journals.id))
    .where(and(eq(journals.id, journalId), eq(journals.companyId, actor.companyId)));
  if (!journal) throw new NotFoundError("Journal");
  if (journal.linked) throw new ValidationError({ journalId: [message("Connect.journalAlreadyLinked")] });
}
