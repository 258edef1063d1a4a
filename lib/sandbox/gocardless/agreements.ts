import { randomUUID } from "node:crypto";
import { json } from "../respond";
import { deleteObject, sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { DEFAULT_ACCESS_DAYS, DEFAULT_HISTORY_DAYS, institutionById, maxAccessDays } from "./institutions";
import { getRecord, kinds, putRecord, type AgreementRecord } from "./records";
import { gocardlessError, notFound, readJsonObject } from "./responses";

const scopes = ["balances", "details", "transactions"];

function positiveInteger(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Creates an end-user agreement after the real API's checks; also used by requisitions/ when no
 * agreement is given (GoCardless then applies its defaults). Answers the record or the 400.
 */
export async function newAgreement(ctx: SandboxContext, body: Record<string, unknown>): Promise<AgreementRecord | Response> {
  const institution = typeof body.institution_id === "string" ? institutionById(body.institution_id) : undefined;
  if (!institution) {
    return gocardlessError(400, "Unknown Institution ID", "Get Institution IDs from /institutions/?country={$COUNTRY_CODE}");
  }
  const institutionId = body.institution_id as string;
  const history = body.max_historical_days === undefined ? Math.min(DEFAULT_HISTORY_DAYS, institution.historyDays) : positiveInteger(body.max_historical_days);
  if (history === null || history > institution.historyDays) {
    return gocardlessError(400, "Incorrect max_historical_days", `max_historical_days must be > 0 and <= ${institution.historyDays} for ${institutionId}`);
  }
  const maxAccess = maxAccessDays(institution);
  const access = body.access_valid_for_days === undefined ? Math.min(DEFAULT_ACCESS_DAYS, maxAccess) : positiveInteger(body.access_valid_for_days);
  if (access === null || access > maxAccess) {
    return gocardlessError(400, "Incorrect access_valid_for_days", `access_valid_for_days must be > 0 and <= ${maxAccess} for ${institutionId}`);
  }
  const scope = body.access_scope === undefined ? scopes : body.access_scope;
  if (!Array.isArray(scope) || scope.length === 0 || !scope.every((s) => typeof s === "string" && scopes.includes(s))) {
    return gocardlessError(400, "Unknown fields {'access_scope'}", `access_scope must be a list of ${scopes.join(", ")}`);
  }
  const agreement: AgreementRecord = {
    id: randomUUID(),
    created: (await sandboxNow(ctx.db)).toISOString(),
    institution_id: institutionId,
    max_historical_days: history,
    access_valid_for_days: access,
    access_scope: scope as string[],
    accepted: null,
    reconfirmation: false,
  };
  await putRecord(ctx.db, kinds.agreement, agreement.id, agreement);
  return agreement;
}

/** POST agreements/enduser/ */
export async function createAgreement(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const agreement = await newAgreement(ctx, body);
  return agreement instanceof Response ? agreement : json(agreement, 201);
}

/** GET agreements/enduser/{id}/ */
export async function getAgreement(ctx: SandboxContext, id: string): Promise<Response> {
  const agreement = await getRecord<AgreementRecord>(ctx.db, kinds.agreement, id);
  return agreement ? json(agreement) : notFound();
}

/** DELETE agreements/enduser/{id}/ */
export async function deleteAgreement(ctx: SandboxContext, id: string): Promise<Response> {
  if (!(await deleteObject(ctx.db, "gocardless", kinds.agreement, id))) return notFound();
  return json({ summary: "End User Agreement deleted", detail: `End User Agreement ${id} deleted` });
}
