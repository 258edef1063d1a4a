import type { PsuType } from "@/lib/banksync/providers/types";
import { getObject, putObject } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey, providerIdFor, type WorldAccount, type WorldInstitution } from "../world";
import { ebError, notFound } from "./errors";

/** What the emulated Enable Banking keeps on its side, as sandbox objects of these kinds. */
export const kinds = { authorization: "authorization", code: "code", session: "session", account: "account", dailyLimit: "daily_limit" } as const;

/** A started `POST /auth`, until the user ends it on the hosted pages. */
export type AuthorizationRecord = {
  id: string;
  institutionKey: string;
  validUntil: string;
  state: string;
  redirectUrl: string;
  psuType: PsuType;
};

/** The one-time code handed to the redirect: what `POST /sessions` turns into a session. */
export type CodeRecord = { authorizationId: string; accountKeys: string[] };

export type SessionRecord = {
  id: string;
  institutionKey: string;
  accountKeys: string[];
  validUntil: string;
  psuType: PsuType;
  createdAt: string;
  /** Set by `DELETE /sessions/{id}`. */
  closedAt: string | null;
};

/** An account uid and the session that last granted access to it. */
export type AccountRecord = { institutionKey: string; accountKey: string; sessionId: string };

/**
 * Account uids are stable per account (not per session) so a transaction's id,
 * `<account uid>-<suffix>`, is the same whatever session reads it (SANDBOX.md).
 */
export function accountUid(account: WorldAccount): string {
  return providerIdFor("enablebanking", account.key);
}

export async function putSession(ctx: SandboxContext, session: SessionRecord): Promise<void> {
  await putObject(ctx.db, "enablebanking", kinds.session, session.id, session);
}

export async function getSession(ctx: SandboxContext, id: string): Promise<SessionRecord | null> {
  return getObject<SessionRecord>(ctx.db, "enablebanking", kinds.session, id);
}

export type SessionStatus = "AUTHORIZED" | "CLOSED" | "EXPIRED";

export function sessionStatus(session: SessionRecord, now: Date): SessionStatus {
  if (session.closedAt) return "CLOSED";
  return now.getTime() >= Date.parse(session.validUntil) ? "EXPIRED" : "AUTHORIZED";
}

/** The 401 a call through a closed or expired session gets, or null while the session is valid. */
export function sessionRefusal(session: SessionRecord, now: Date): Response | null {
  const status = sessionStatus(session, now);
  if (status === "CLOSED") return ebError(401, "REVOKED_SESSION", "Session has been revoked", `Session ${session.id} was closed at ${session.closedAt}`);
  if (status === "EXPIRED") return ebError(401, "EXPIRED_SESSION", "Session has expired", `Access of session ${session.id} was valid until ${session.validUntil}`);
  return null;
}

export type AccountAccess = { institution: WorldInstitution; account: WorldAccount; session: SessionRecord };

/** The account behind a uid, if a valid session gives access to it; else the API's error answer. */
export async function accountAccess(ctx: SandboxContext, uid: string, now: Date): Promise<AccountAccess | Response> {
  const record = await getObject<AccountRecord>(ctx.db, "enablebanking", kinds.account, uid);
  const institution = record ? institutionByKey(record.institutionKey) : undefined;
  const account = institution?.accounts.find((a) => a.key === record?.accountKey);
  if (!record || !institution || !account) return notFound(`Account ${uid}`);
  const session = await getSession(ctx, record.sessionId);
  if (!session) return notFound(`Account ${uid}`);
  return sessionRefusal(session, now) ?? { institution, account, session };
}
