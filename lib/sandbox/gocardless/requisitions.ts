import { randomUUID } from "node:crypto";
import { startHostedFlow, type HostedFlow } from "../hosted";
import { json } from "../respond";
import { deleteObject, listObjects, sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { providerIdFor } from "../world";
import { newAgreement } from "./agreements";
import { institutionById } from "./institutions";
import { agreementExpired, getRecord, kinds, putRecord, type AccountRecord, type AgreementRecord, type RequisitionRecord } from "./records";
import { gocardlessError, notFound, readJsonObject } from "./responses";

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A linked requisition whose agreement ran out reads as EX, as GoCardless reports it. */
async function view(ctx: SandboxContext, requisition: RequisitionRecord): Promise<RequisitionRecord> {
  if (requisition.status !== "LN") return requisition;
  const agreement = await getRecord<AgreementRecord>(ctx.db, kinds.agreement, requisition.agreement);
  return agreement && agreementExpired(agreement, await sandboxNow(ctx.db)) ? { ...requisition, status: "EX" } : requisition;
}

/** POST requisitions/ → 201 with the link to the hosted consent pages. */
export async function createRequisition(request: Request, ctx: SandboxContext): Promise<Response> {
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  if (!isHttpUrl(body.redirect)) return gocardlessError(400, "redirect: Enter a valid URL.", "Enter a valid URL.");
  const institution = typeof body.institution_id === "string" ? institutionById(body.institution_id) : undefined;
  if (!institution) {
    return gocardlessError(400, "Unknown Institution ID", "Get Institution IDs from /institutions/?country={$COUNTRY_CODE}");
  }
  const reference = body.reference === undefined ? randomUUID() : body.reference;
  if (typeof reference !== "string" || reference === "" || reference.length > 256) {
    return gocardlessError(400, "reference: Invalid reference", "reference must be a non-empty string of at most 256 characters");
  }
  if (await getRecord<{ requisitionId: string }>(ctx.db, kinds.reference, reference)) {
    return gocardlessError(400, "Client reference must be unique", `Client reference '${reference}' already exists`);
  }
  let agreement: AgreementRecord | Response | null;
  if (body.agreement === undefined || body.agreement === null) {
    agreement = await newAgreement(ctx, { institution_id: body.institution_id });
  } else {
    agreement = typeof body.agreement === "string" ? await getRecord<AgreementRecord>(ctx.db, kinds.agreement, body.agreement) : null;
    if (!agreement) return gocardlessError(400, "Invalid EndUserAgreement ID", "Agreement not found");
    if (agreement.institution_id !== body.institution_id) {
      return gocardlessError(400, "Incorrect Institution ID", `Provided Institution ID: '${body.institution_id}' for requisition does not match EUA institution ID '${agreement.institution_id}'. Please provide correct institution ID: '${agreement.institution_id}'`);
    }
    if (agreement.accepted) return gocardlessError(400, "EUA already accepted", `End User Agreement ${agreement.id} is already used by another requisition`);
  }
  if (agreement instanceof Response) return agreement;

  const language = typeof body.user_language === "string" && /^[a-z]{2}$/i.test(body.user_language) ? body.user_language.toUpperCase() : "EN";
  const id = randomUUID();
  const { url } = await startHostedFlow(ctx, "gocardless", { institutionKey: institution.key, language: language.toLowerCase(), data: { requisitionId: id } });
  const requisition: RequisitionRecord = {
    id,
    created: (await sandboxNow(ctx.db)).toISOString(),
    redirect: body.redirect,
    status: "CR",
    institution_id: body.institution_id as string,
    agreement: agreement.id,
    reference,
    accounts: [],
    user_language: language,
    link: url,
    ssn: null,
    account_selection: false,
    redirect_immediate: false,
  };
  await putRecord(ctx.db, kinds.requisition, id, requisition);
  await putRecord(ctx.db, kinds.reference, reference, { requisitionId: id });
  return json(requisition, 201);
}

/** GET requisitions/{id}/ */
export async function getRequisition(ctx: SandboxContext, id: string): Promise<Response> {
  const requisition = await getRecord<RequisitionRecord>(ctx.db, kinds.requisition, id);
  return requisition ? json(await view(ctx, requisition)) : notFound();
}

/** GET requisitions/ — GoCardless pages with limit/offset. */
export async function listRequisitions(ctx: SandboxContext, url: URL): Promise<Response> {
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 100) || 100, 1), 100);
  const offset = Math.max(Number(url.searchParams.get("offset") ?? 0) || 0, 0);
  const all = await listObjects<RequisitionRecord>(ctx.db, "gocardless", kinds.requisition);
  const results = await Promise.all(all.slice(offset, offset + limit).map((r) => view(ctx, r.data)));
  const page = (at: number) => {
    const next = new URL(url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("offset", String(at));
    return next.toString();
  };
  return json({
    count: all.length,
    next: offset + limit < all.length ? page(offset + limit) : null,
    previous: offset > 0 ? page(Math.max(offset - limit, 0)) : null,
    results,
  });
}

/** DELETE requisitions/{id}/ — removes it with its agreement: the consent is revoked. */
export async function deleteRequisition(ctx: SandboxContext, id: string): Promise<Response> {
  const requisition = await getRecord<RequisitionRecord>(ctx.db, kinds.requisition, id);
  if (!requisition) return notFound();
  await deleteObject(ctx.db, "gocardless", kinds.requisition, id);
  await deleteObject(ctx.db, "gocardless", kinds.agreement, requisition.agreement);
  await deleteObject(ctx.db, "gocardless", kinds.reference, requisition.reference);
  return json({ summary: "Requisition deleted", detail: `Requisition ${id} deleted with all its End User Agreements` });
}

async function requisitionOf(ctx: SandboxContext, flow: HostedFlow): Promise<RequisitionRecord> {
  const id = flow.data.requisitionId;
  const requisition = typeof id === "string" ? await getRecord<RequisitionRecord>(ctx.db, kinds.requisition, id) : null;
  if (!requisition) throw new Error(`GoCardless sandbox: hosted flow ${flow.id} has no requisition`);
  return requisition;
}

function withQuery(redirect: string, query: Record<string, string>): string {
  const url = new URL(redirect);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * The user allowed: the requisition links the chosen accounts (possibly none) and the agreement starts
 * now. Account ids are the requisition's own; transaction ids stay the bank's (accounts.ts).
 */
export async function allowRequisition(ctx: SandboxContext, flow: HostedFlow, accountKeys: string[]): Promise<string> {
  const requisition = await requisitionOf(ctx, flow);
  const now = (await sandboxNow(ctx.db)).toISOString();
  // As at GoCardless, each requisition gets its own account resources: new ids at every consent.
  const accounts = accountKeys.map((key) => providerIdFor("gocardless", `${key}@${requisition.id}`));
  for (const [i, key] of accountKeys.entries()) {
    const existing = await getRecord<AccountRecord>(ctx.db, kinds.account, accounts[i]!);
    await putRecord<AccountRecord>(ctx.db, kinds.account, accounts[i]!, {
      institutionKey: flow.institutionKey,
      accountKey: key,
      requisitionIds: [...(existing?.requisitionIds ?? []).filter((r) => r !== requisition.id), requisition.id],
    });
  }
  const agreement = await getRecord<AgreementRecord>(ctx.db, kinds.agreement, requisition.agreement);
  if (agreement) await putRecord(ctx.db, kinds.agreement, agreement.id, { ...agreement, accepted: now });
  await putRecord(ctx.db, kinds.requisition, requisition.id, { ...requisition, status: "LN", accounts });
  return withQuery(requisition.redirect, { ref: requisition.reference });
}

/** The user cancelled: GoCardless sends them back with the error in the query. */
export async function cancelRequisition(ctx: SandboxContext, flow: HostedFlow): Promise<string> {
  const requisition = await requisitionOf(ctx, flow);
  await putRecord(ctx.db, kinds.requisition, requisition.id, { ...requisition, status: "RJ" });
  return withQuery(requisition.redirect, { ref: requisition.reference, error: "UserCancelledSession", details: "User cancelled the session" });
}
