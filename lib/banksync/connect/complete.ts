import { randomUUID } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { connectionAttempts, connections, institutions, memberships, onlineAccounts } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { logger } from "@/lib/logger";
import { logConnectionMessage } from "../connection-log";
import type { Said } from "../connections/stored-text";
import { providerIds, providerNames, type CompletedAuthorization, type PendingAuthorization, type ProviderId } from "../providers/types";
import type { ConnectDeps } from "./deps";
import { noAccountsMessage, providerFailure, storedFailureText, type ConnectFailure } from "./failure";
import { newErrorReference } from "../reference";
import { onlineAccountValues, renewConnection } from "./renew";
import { verifyState } from "./state";

/** Why a callback was refused before anything was written (the pop-up says it: ConnectDone.refusals). */
export const callbackRefusals = ["invalid", "expired", "used", "other_user", "signed_out"] as const;
export type CallbackRefusal = (typeof callbackRefusals)[number];

export type CallbackResult =
  | { outcome: "authorized"; attemptId: string }
  | { outcome: "failed"; attemptId: string; failure: ConnectFailure }
  | { outcome: "refused"; reason: CallbackRefusal };

export type CallbackInput = {
  provider: string;
  /** The query of the provider's redirect. */
  query: URLSearchParams;
  /** The signed-in user, or null. */
  userId: string | null;
};

/**
 * The provider's redirect back to `/api/banksync/callback/<provider>`. The state must be ours
 * (signed), fresh (30 minutes), unused, and the signed-in user's in a company where they may write;
 * otherwise nothing is written. Then the adapter completes the authorization, and the connection with
 * its accounts is stored in one transaction (secrets encrypted).
 */
export async function completeConnection(deps: ConnectDeps, input: CallbackInput): Promise<CallbackResult> {
  const { db, clock } = deps;
  const state = input.query.get("state") ?? input.query.get("ref");
  if (!state || !(providerIds as readonly string[]).includes(input.provider)) return { outcome: "refused", reason: "invalid" };
  const checked = verifyState(state, deps.appSecret, clock);
  if (!checked.ok) return { outcome: "refused", reason: checked.reason };
  const { claims } = checked;
  if (claims.provider !== input.provider) return { outcome: "refused", reason: "invalid" };
  if (!input.userId) return { outcome: "refused", reason: "signed_out" };
  if (input.userId !== claims.userId) return { outcome: "refused", reason: "other_user" };
  const [membership] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, claims.userId), eq(memberships.companyId, claims.companyId)));
  if (!membership || membership.role === "viewer") return { outcome: "refused", reason: "other_user" };

  const now = clock.now();
  // Single use: only the first callback with this state moves the attempt on.
  const [attempt] = await db
    .update(connectionAttempts)
    .set({ status: "authorizing", usedAt: now })
    .where(
      and(
        eq(connectionAttempts.id, claims.attemptId),
        eq(connectionAttempts.userId, claims.userId),
        eq(connectionAttempts.companyId, claims.companyId),
        eq(connectionAttempts.provider, claims.provider),
        eq(connectionAttempts.status, "pending"),
        isNull(connectionAttempts.usedAt),
        gt(connectionAttempts.expiresAt, now),
      ),
    )
    .returning();
  if (!attempt) {
    const [known] = await db.select({ usedAt: connectionAttempts.usedAt }).from(connectionAttempts).where(eq(connectionAttempts.id, claims.attemptId));
    return { outcome: "refused", reason: !known ? "invalid" : known.usedAt ? "used" : "expired" };
  }

  const provider = attempt.provider as ProviderId;
  const adapter = deps.adapters[provider];
  let completed: CompletedAuthorization;
  try {
    if (!adapter) throw new Error(`${providerNames[provider]} is not configured on this server`);
    const pending = decryptJson(attempt.pending, attempt.id, deps.appSecret) as PendingAuthorization;
    completed = await adapter.completeAuthorization(pending, input.query);
  } catch (error) {
    return fail(deps, attempt, providerFailure(error, provider));
  }

  if (completed.accounts.length === 0) {
    // Nothing to synchronize: give a new consent back rather than keep an empty one at the provider
    // (a renewed one may share the connection's token: it stays).
    if (!attempt.connectionId) {
      await adapter!.revoke(completed.secret).catch((error: unknown) => logger.warn("could not revoke an empty consent", { provider, error: String(error) }));
    }
    return fail(deps, attempt, { kind: "no_accounts", message: noAccountsMessage, code: null, reference: newErrorReference(), logText: "no accounts authorized" });
  }

  if (attempt.connectionId) {
    await renewConnection(deps, attempt, completed);
    logger.info("connection renewed", { provider, connectionId: attempt.connectionId, accounts: completed.accounts.length });
    return { outcome: "authorized", attemptId: attempt.id };
  }

  const connectionId = randomUUID();
  await db.transaction(async (tx) => {
    const [institution] = await tx.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, attempt.institutionId));
    await tx.insert(connections).values({
      id: connectionId,
      companyId: attempt.companyId,
      institutionId: attempt.institutionId,
      provider,
      externalRef: completed.externalRef,
      clientId: attempt.clientId,
      secret: encryptJson(completed.secret, connectionId, deps.appSecret),
      consentExpiresAt: completed.consentExpiresAt,
      lastRefreshAt: now,
      createdBy: attempt.userId,
      // The app's clock, like every other time of the connection (the sandbox's when it moves).
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(onlineAccounts).values(
      completed.accounts.map((account) => ({ ...onlineAccountValues(account), companyId: attempt.companyId, connectionId })),
    );
    await tx.update(connectionAttempts).set({ status: "authorized", connectionId }).where(eq(connectionAttempts.id, attempt.id));
    await logConnectionMessage(tx, {
      companyId: attempt.companyId,
      connectionId,
      text: message("ConnectLog.connected", { institution: institution?.name ?? "", provider: providerNames[provider], count: completed.accounts.length }),
      authorId: attempt.userId,
      at: now,
    });
  });
  logger.info("connection authorized", { provider, connectionId, accounts: completed.accounts.length });
  return { outcome: "authorized", attemptId: attempt.id };
}

async function fail(deps: ConnectDeps, attempt: typeof connectionAttempts.$inferSelect, failure: ConnectFailure): Promise<CallbackResult> {
  await deps.db.transaction(async (tx) => {
    await tx
      .update(connectionAttempts)
      .set({ status: "failed", errorKind: failure.kind, errorMessage: storedFailureText(failure.message), errorCode: failure.code, errorReference: failure.reference })
      .where(eq(connectionAttempts.id, attempt.id));
    // Update Credentials or Reconnect Bank of an existing connection: its log keeps the failure with its
    // reference, where support looks (a new connection has no log yet; the attempt keeps them).
    if (attempt.connectionId) {
      const outcome = failure.kind === "cancelled" ? "cancelled" : "failed";
      // The failure's own Message inside the entry's (the log says nested Messages: connections/stored-text.ts).
      const text: Said = failure.code
        ? { key: "ConnectLog.updateFailedCode", values: { outcome, reason: failure.message, code: failure.code } }
        : { key: "ConnectLog.updateFailed", values: { outcome, reason: failure.message } };
      await logConnectionMessage(tx, {
        companyId: attempt.companyId,
        connectionId: attempt.connectionId,
        level: failure.kind === "cancelled" ? "warning" : "error",
        text: text as Message,
        reference: failure.reference,
        authorId: attempt.userId,
        at: deps.clock.now(),
      });
    }
  });
  logger.warn("connection not authorized", { attemptId: attempt.id, kind: failure.kind, reference: failure.reference, error: failure.logText });
  return { outcome: "failed", attemptId: attempt.id, failure };
}
