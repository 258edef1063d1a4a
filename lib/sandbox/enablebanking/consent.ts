import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { deleteObject, getObject, putObject, sandboxNow } from "../store";
import { startHostedFlow, type HostedFlow } from "../hosted";
import { json } from "../respond";
import type { SandboxContext } from "../types";
import { institutionByKey, type WorldAccount, type WorldInstitution } from "../world";
import { consentValiditySeconds, institutionByAspsp } from "./aspsps";
import { ebError, notFound, readBody, wrongParameters } from "./errors";
import {
  accountUid,
  getSession,
  kinds,
  putSession,
  sessionStatus,
  type AccountRecord,
  type AuthorizationRecord,
  type CodeRecord,
  type SessionRecord,
} from "./records";

const authBody = z.object({
  access: z.object({ valid_until: z.iso.datetime({ offset: true }) }),
  aspsp: z.object({ name: z.string().min(1), country: z.string().length(2) }),
  state: z.string().min(1),
  redirect_url: z.url({ protocol: /^https?$/ }),
  psu_type: z.enum(["personal", "business"]),
  language: z.string().min(2).max(5).optional(),
});

const sessionBody = z.object({ code: z.string().min(1) });

/** The account as Enable Banking describes it in a session and in `GET /accounts/{uid}/details`. */
export function accountResource(institution: WorldInstitution, account: WorldAccount) {
  return {
    uid: accountUid(account),
    account_id: account.iban ? { iban: account.iban } : { other: { identification: account.number, scheme_name: "BBAN" } },
    name: account.name,
    product: account.name,
    currency: account.currency,
    cash_account_type: account.name === "Card" ? "CARD" : "CACC",
    account_servicer: { bic_fi: institution.bic },
  };
}

/** `POST /auth`: checks the request as the real API would and starts the hosted consent pages. */
export async function startAuthorization(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readBody(request, authBody);
  if (!body.ok) return body.response;
  const input = body.data;
  const institution = institutionByAspsp(input.aspsp.name, input.aspsp.country);
  if (!institution) return ebError(404, "ASPSP_NOT_FOUND", "ASPSP not found", `No ASPSP ${JSON.stringify(input.aspsp.name)} in ${input.aspsp.country}`);
  if (!institution.psuTypes.includes(input.psu_type)) return wrongParameters(`${institution.name} does not serve PSU type ${input.psu_type}`);
  const now = await sandboxNow(ctx.db);
  const validUntil = Date.parse(input.access.valid_until);
  if (validUntil <= now.getTime()) return wrongParameters("access.valid_until must be in the future");
  if (validUntil > now.getTime() + consentValiditySeconds(institution) * 1000) {
    return wrongParameters(`access.valid_until exceeds the maximum consent validity of ${consentValiditySeconds(institution)} seconds`);
  }
  const authorization: AuthorizationRecord = {
    id: randomUUID(),
    institutionKey: institution.key,
    validUntil: new Date(validUntil).toISOString(),
    state: input.state,
    redirectUrl: input.redirect_url,
    psuType: input.psu_type,
  };
  await putObject(ctx.db, "enablebanking", kinds.authorization, authorization.id, authorization);
  const { url } = await startHostedFlow(ctx, "enablebanking", {
    institutionKey: institution.key,
    language: input.language,
    data: { authorizationId: authorization.id },
  });
  return json({ url, authorization_id: authorization.id });
}

async function authorizationOf(ctx: SandboxContext, flow: HostedFlow): Promise<AuthorizationRecord> {
  const id = flow.data.authorizationId;
  const authorization = typeof id === "string" ? await getObject<AuthorizationRecord>(ctx.db, "enablebanking", kinds.authorization, id) : null;
  if (!authorization) throw new Error(`Hosted flow ${flow.id} has no Enable Banking authorization`);
  return authorization;
}

function redirectTo(authorization: AuthorizationRecord, params: Record<string, string>): string {
  const url = new URL(authorization.redirectUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** "Allow": a one-time code for the chosen accounts goes back on the redirect. */
export async function allow(ctx: SandboxContext, flow: HostedFlow, accountKeys: string[]): Promise<string> {
  const authorization = await authorizationOf(ctx, flow);
  const code = randomBytes(18).toString("base64url");
  const record: CodeRecord = { authorizationId: authorization.id, accountKeys };
  await putObject(ctx.db, "enablebanking", kinds.code, code, record);
  return redirectTo(authorization, { code, state: authorization.state });
}

/** "Cancel": Enable Banking reports a user cancellation as an OAuth access_denied. */
export async function cancel(ctx: SandboxContext, flow: HostedFlow): Promise<string> {
  const authorization = await authorizationOf(ctx, flow);
  return redirectTo(authorization, {
    error: "access_denied",
    error_description: "The user cancelled the authorization",
    state: authorization.state,
  });
}

function sessionJson(session: SessionRecord, institution: WorldInstitution) {
  return {
    aspsp: { name: institution.name, country: institution.country },
    psu_type: session.psuType,
    access: { valid_until: session.validUntil },
  };
}

/** `POST /sessions {code}`: a code works once. */
export async function createSession(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readBody(request, sessionBody);
  if (!body.ok) return body.response;
  const code = await getObject<CodeRecord>(ctx.db, "enablebanking", kinds.code, body.data.code);
  // Deleting is what claims the code: of two concurrent calls only one deletes it.
  if (!code || !(await deleteObject(ctx.db, "enablebanking", kinds.code, body.data.code))) {
    return ebError(422, "WRONG_AUTHORIZATION_CODE", "Wrong authorization code", "The code is unknown or was already used");
  }
  const authorization = await getObject<AuthorizationRecord>(ctx.db, "enablebanking", kinds.authorization, code.authorizationId);
  const institution = authorization ? institutionByKey(authorization.institutionKey) : undefined;
  if (!authorization || !institution) return ebError(422, "WRONG_AUTHORIZATION_CODE", "Wrong authorization code", "The authorization of this code is gone");
  const session: SessionRecord = {
    id: randomUUID(),
    institutionKey: institution.key,
    accountKeys: code.accountKeys,
    validUntil: authorization.validUntil,
    psuType: authorization.psuType,
    createdAt: (await sandboxNow(ctx.db)).toISOString(),
    closedAt: null,
  };
  await putSession(ctx, session);
  const accounts = institution.accounts.filter((a) => session.accountKeys.includes(a.key));
  for (const account of accounts) {
    const record: AccountRecord = { institutionKey: institution.key, accountKey: account.key, sessionId: session.id };
    await putObject(ctx.db, "enablebanking", kinds.account, accountUid(account), record);
  }
  await deleteObject(ctx.db, "enablebanking", kinds.authorization, authorization.id);
  return json({ session_id: session.id, accounts: accounts.map((a) => accountResource(institution, a)), ...sessionJson(session, institution) });
}

/** `GET /sessions/{id}` */
export async function readSession(ctx: SandboxContext, id: string): Promise<Response> {
  const session = await getSession(ctx, id);
  const institution = session ? institutionByKey(session.institutionKey) : undefined;
  if (!session || !institution) return notFound(`Session ${id}`);
  const accounts = institution.accounts.filter((a) => session.accountKeys.includes(a.key));
  return json({
    status: sessionStatus(session, await sandboxNow(ctx.db)),
    accounts: accounts.map(accountUid),
    accounts_data: accounts.map((a) => ({ uid: accountUid(a) })),
    ...sessionJson(session, institution),
    created: session.createdAt,
    authorized: session.createdAt,
    closed: session.closedAt,
  });
}

/** `DELETE /sessions/{id}`: closes the session, which revokes the consent. */
export async function closeSession(ctx: SandboxContext, id: string): Promise<Response> {
  const session = await getSession(ctx, id);
  if (!session) return notFound(`Session ${id}`);
  if (session.closedAt) return ebError(401, "REVOKED_SESSION", "Session has been revoked", `Session ${id} was closed at ${session.closedAt}`);
  await putSession(ctx, { ...session, closedAt: (await sandboxNow(ctx.db)).toISOString() });
  return json({ message: "OK" });
}
