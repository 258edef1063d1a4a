import { z } from "zod";
import { isIsoDate } from "@/lib/dates";
import { startHostedFlow } from "../hosted";
import { json } from "../respond";
import { sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey } from "../world";
import { institutionByCode, providerCode, providerIdOf } from "./catalog";
import { saltedgeError } from "./errors";
import type { ConnectFlowData } from "./flow";
import { pageOf } from "./paging";
import { connections, consentState, consents, customers, newId, removeConnection, type ConnectionRecord } from "./records";
import { readData, requiredParam } from "./request";

/** How long a connect_url stays valid, as Salt Edge documents (one hour). */
const CONNECT_URL_MINUTES = 60;

const isoDate = z.string().refine(isIsoDate, "must be a date YYYY-MM-DD");
const consentInput = z.object({
  scopes: z.array(z.enum(["accounts", "holder_info", "transactions"])).min(1),
  from_date: isoDate.optional(),
  period_days: z.number().int().positive().optional(),
});
const attemptInput = z.object({
  return_to: z.url(),
  fetch_scopes: z.array(z.string()).optional(),
  from_date: isoDate.optional(),
  locale: z.string().optional(),
});
const connectInput = z.object({
  customer_id: z.string().min(1),
  consent: consentInput,
  attempt: attemptInput,
  provider: z.object({ code: z.string().min(1) }),
});
const reconnectInput = z.object({ consent: consentInput, attempt: attemptInput });

function connectionNotFound(id: string): Response {
  return saltedgeError(404, "ConnectionNotFound", `Connection with id ${id} was not found.`);
}

/** A connection as Salt Edge shows it; its status follows its consent and whether the client deleted it. */
export async function connectionJson(ctx: SandboxContext, connection: ConnectionRecord, now: Date) {
  const institution = institutionByKey(connection.institution_key)!;
  const customer = await customers.get(ctx.db, connection.customer_id);
  const consent = connection.last_consent_id ? await consents.get(ctx.db, connection.last_consent_id) : null;
  const active = !connection.deleted_by_client && consentState(consent, now) === "active";
  const attempt = connection.last_attempt;
  const failed = attempt.fail_error_class !== null;
  return {
    id: connection.id,
    customer_id: connection.customer_id,
    customer_identifier: customer?.identifier ?? null,
    provider_id: providerIdOf(institution),
    provider_code: providerCode(institution),
    provider_name: institution.name,
    country_code: institution.country,
    status: active ? "active" : "inactive",
    categorization: "none",
    automatic_refresh: institution.behaviour !== "manual",
    created_at: connection.created_at,
    updated_at: connection.updated_at,
    last_success_at: connection.last_success_at,
    // The sandbox does not throttle refreshes: the next one is possible as soon as the last ended.
    next_refresh_possible_at: attempt.finished_at,
    last_consent_id: connection.last_consent_id,
    last_attempt: {
      id: attempt.id,
      consent_id: connection.last_consent_id,
      created_at: attempt.created_at,
      updated_at: attempt.finished_at,
      finished: true,
      finished_recent: true,
      partial: false,
      automatic_fetch: attempt.automatic_fetch,
      interactive: false,
      fail_at: failed ? attempt.finished_at : null,
      fail_error_class: attempt.fail_error_class,
      fail_message: attempt.fail_message,
      success_at: failed ? null : attempt.finished_at,
      last_stage: { name: "finish", created_at: attempt.finished_at },
    },
  };
}

async function connectSession(ctx: SandboxContext, institutionKey: string, data: ConnectFlowData, locale: string | undefined): Promise<Response> {
  const now = await sandboxNow(ctx.db);
  const { url } = await startHostedFlow(ctx, "saltedge", { institutionKey, language: locale, data });
  return json({
    data: { connect_url: url, expires_at: new Date(now.getTime() + CONNECT_URL_MINUTES * 60_000).toISOString(), customer_id: data.customer_id },
  });
}

/** `POST connections/connect`: a connect session for a new connection (the hosted consent pages). */
export async function connectRoute(request: Request, ctx: SandboxContext): Promise<Response> {
  const input = await readData(request, connectInput);
  if ("error" in input) return input.error;
  const { customer_id, consent, attempt, provider } = input.data;
  if (!(await customers.get(ctx.db, customer_id))) return saltedgeError(404, "CustomerNotFound", `Customer with id ${customer_id} was not found.`);
  const institution = institutionByCode(provider.code);
  if (!institution) return saltedgeError(404, "ProviderNotFound", `Provider with code ${provider.code} was not found.`);
  return connectSession(ctx, institution.key, flowData("connect", customer_id, null, consent, attempt), attempt.locale);
}

/** `POST connections/{id}/reconnect`: the same pages for an existing connection, which keeps its id and accounts. */
export async function reconnectRoute(request: Request, id: string, ctx: SandboxContext): Promise<Response> {
  const input = await readData(request, reconnectInput);
  if ("error" in input) return input.error;
  const connection = await connections.get(ctx.db, id);
  if (!connection) return connectionNotFound(id);
  const { consent, attempt } = input.data;
  return connectSession(ctx, connection.institution_key, flowData("reconnect", connection.customer_id, id, consent, attempt), attempt.locale);
}

function flowData(
  kind: ConnectFlowData["kind"],
  customerId: string,
  connectionId: string | null,
  consent: z.infer<typeof consentInput>,
  attempt: z.infer<typeof attemptInput>,
): ConnectFlowData {
  return {
    kind,
    customer_id: customerId,
    connection_id: connectionId,
    return_to: attempt.return_to,
    scopes: consent.scopes,
    from_date: consent.from_date ?? attempt.from_date ?? null,
    period_days: consent.period_days ?? null,
  };
}

/**
 * `POST connections/{id}/refresh` (customer present) and `…/background_refresh` (scheduled). The
 * sandbox finishes the attempt at once. Sandbox MFA Bank asks for its code at every refresh, which an
 * API refresh cannot give (only its consent pages, through a reconnect, can); Sandbox Manual Bank
 * refuses background refreshes. Both fail the attempt and answer the error.
 */
export async function refreshRoute(id: string, background: boolean, ctx: SandboxContext): Promise<Response> {
  const now = await sandboxNow(ctx.db);
  const connection = await connections.get(ctx.db, id);
  if (!connection) return connectionNotFound(id);
  const institution = institutionByKey(connection.institution_key)!;
  const consent = connection.last_consent_id ? await consents.get(ctx.db, connection.last_consent_id) : null;
  const state = connection.deleted_by_client ? "revoked" : consentState(consent, now);

  let failure: { status: number; errorClass: string; message: string } | null = null;
  if (state === "revoked" || state === "missing") {
    failure = { status: 406, errorClass: "AispConsentRevoked", message: "The consent of this connection was revoked. Reconnect to give a new one." };
  } else if (state === "expired") {
    failure = { status: 406, errorClass: "AispConsentExpired", message: `The consent of this connection expired at ${consent!.expires_at}. Reconnect to renew it.` };
  } else if (background && institution.behaviour === "manual") {
    failure = {
      status: 406,
      errorClass: "ConnectionCannotBeRefreshed",
      message: "Automatic refresh is not supported by this provider. Refresh the connection with the customer present.",
    };
  } else if (institution.behaviour === "mfa") {
    failure = {
      status: 406,
      errorClass: "InteractiveAdapterTimeout",
      message: background
        ? "The bank asks for a one-time code (SMS) at every refresh; a background refresh cannot provide it. Refresh with the customer present."
        : "The bank asks for a one-time code (SMS) at every refresh: reconnect with the customer present to enter it.",
    };
  }

  const at = now.toISOString();
  const updated: ConnectionRecord = {
    ...connection,
    updated_at: at,
    last_success_at: failure ? connection.last_success_at : at,
    last_attempt: {
      id: await newId(ctx.db),
      created_at: at,
      finished_at: at,
      automatic_fetch: background,
      fail_error_class: failure?.errorClass ?? null,
      fail_message: failure?.message ?? null,
    },
  };
  await connections.save(ctx.db, updated);
  if (failure) return saltedgeError(failure.status, failure.errorClass, failure.message);
  return json({ data: await connectionJson(ctx, updated, now) });
}

export async function showConnectionRoute(id: string, ctx: SandboxContext): Promise<Response> {
  const connection = await connections.get(ctx.db, id);
  if (!connection) return connectionNotFound(id);
  return json({ data: await connectionJson(ctx, connection, await sandboxNow(ctx.db)) });
}

/** `GET connections?customer_id=`. */
export async function listConnectionsRoute(url: URL, ctx: SandboxContext): Promise<Response> {
  const customerId = requiredParam(url, "customer_id");
  if (customerId instanceof Response) return customerId;
  const now = await sandboxNow(ctx.db);
  const mine = (await connections.list(ctx.db)).filter((c) => c.customer_id === customerId);
  const page = pageOf(mine, (c) => c.id, url.searchParams.get("from_id"), url);
  if (!page) return saltedgeError(400, "WrongRequestFormat", "from_id does not match any connection.");
  return json({ data: await Promise.all(page.data.map((c) => connectionJson(ctx, c, now))), meta: page.meta });
}

/**
 * `DELETE connections/{id}`: revokes the consents and removes the connection. Sandbox Sticky Bank
 * keeps its record (inactive) and says so, until the control API's remove-at-provider.
 */
export async function deleteConnectionRoute(id: string, ctx: SandboxContext): Promise<Response> {
  const connection = await connections.get(ctx.db, id);
  if (!connection) return connectionNotFound(id);
  const at = (await sandboxNow(ctx.db)).toISOString();
  for (const consent of await consents.ofConnection(ctx.db, id)) {
    if (!consent.revoked_at) await consents.save(ctx.db, { ...consent, revoked_at: at });
  }
  const institution = institutionByKey(connection.institution_key)!;
  if (institution.behaviour === "sticky") {
    await connections.save(ctx.db, { ...connection, deleted_by_client: true, updated_at: at });
    return json({
      data: {
        id,
        removed: false,
        message: "The consent was revoked, but Salt Edge keeps this connection's record until it is removed in the Salt Edge dashboard.",
      },
    });
  }
  await removeConnection(ctx.db, connection);
  return json({ data: { id, removed: true } });
}
