import { z } from "zod";
import type { HostedFlow } from "../hosted";
import { sandboxNow } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey, type WorldInstitution } from "../world";
import { consentDaysOf } from "./catalog";
import { connections, consents, newId, removeConnection, type ConnectionRecord, type ConsentRecord } from "./records";

/** What a connect session remembers until the user leaves the hosted pages. */
const connectFlowData = z.object({
  kind: z.enum(["connect", "reconnect"]),
  customer_id: z.string(),
  connection_id: z.string().nullable(),
  return_to: z.string(),
  scopes: z.array(z.string()),
  from_date: z.string().nullable(),
  period_days: z.number().nullable(),
});
export type ConnectFlowData = z.infer<typeof connectFlowData>;

const DAY_MS = 86_400_000;

function withQuery(returnTo: string, params: Record<string, string>): string {
  const url = new URL(returnTo);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * "Allow": creates the connection (or renews the reconnected one) with the chosen accounts and a new
 * consent, and sends the browser to `return_to?connection_id=…`. Errors go to the same place as
 * `error_class` and `error_message`, the way Salt Edge reports a failed attempt on its redirect.
 */
export async function allow(ctx: SandboxContext, flow: HostedFlow, accountKeys: string[]): Promise<string> {
  const data = connectFlowData.parse(flow.data);
  const institution = institutionByKey(flow.institutionKey)!;
  const now = await sandboxNow(ctx.db);
  const at = now.toISOString();
  const attempt = { created_at: at, finished_at: at, automatic_fetch: false, fail_error_class: null, fail_message: null };

  let connection: ConnectionRecord;
  if (data.kind === "connect") {
    if (institution.behaviour === "linked" && (await connections.list(ctx.db)).some((c) => c.institution_key === institution.key)) {
      return withQuery(data.return_to, {
        error_class: "ConnectionDuplicated",
        error_message: "A connection with the same credentials already exists. Remove it or reconnect it instead.",
      });
    }
    connection = {
      id: await newId(ctx.db),
      customer_id: data.customer_id,
      institution_key: institution.key,
      account_keys: accountKeys,
      created_at: at,
      updated_at: at,
      last_consent_id: null,
      last_attempt: { id: await newId(ctx.db), ...attempt },
      last_success_at: at,
      deleted_by_client: false,
    };
  } else {
    const existing = data.connection_id ? await connections.get(ctx.db, data.connection_id) : null;
    if (!existing) {
      return withQuery(data.return_to, { error_class: "ConnectionNotFound", error_message: "The connection to reconnect no longer exists." });
    }
    // The new consent supersedes the old ones, as at Salt Edge: only one stays in force.
    for (const old of await consents.ofConnection(ctx.db, existing.id)) {
      if (!old.revoked_at) await consents.save(ctx.db, { ...old, revoked_at: at });
    }
    connection = {
      ...existing,
      account_keys: accountKeys,
      updated_at: at,
      deleted_by_client: false,
      last_attempt: { id: await newId(ctx.db), ...attempt },
      last_success_at: at,
    };
  }

  const days = Math.min(data.period_days ?? consentDaysOf(institution), consentDaysOf(institution));
  const consent: ConsentRecord = {
    id: await newId(ctx.db),
    connection_id: connection.id,
    customer_id: connection.customer_id,
    scopes: data.scopes,
    from_date: data.from_date,
    period_days: days,
    created_at: at,
    expires_at: new Date(now.getTime() + days * DAY_MS).toISOString(),
    revoked_at: null,
  };
  await consents.save(ctx.db, consent);
  await connections.save(ctx.db, { ...connection, last_consent_id: consent.id });
  return withQuery(data.return_to, { connection_id: connection.id });
}

/** "Cancel": `return_to?error_class=ConnectionCancelled&error_message=…`; nothing is created or changed. */
export async function cancel(_ctx: SandboxContext, flow: HostedFlow): Promise<string> {
  const data = connectFlowData.parse(flow.data);
  return withQuery(data.return_to, { error_class: "ConnectionCancelled", error_message: "The user cancelled the connection." });
}

/** Control API remove-at-provider: removes the records Salt Edge kept after the client deleted them. */
export async function removeKeptRecords(ctx: SandboxContext, institution: WorldInstitution): Promise<number> {
  let removed = 0;
  for (const connection of await connections.list(ctx.db)) {
    if (connection.institution_key === institution.key && connection.deleted_by_client) {
      await removeConnection(ctx.db, connection);
      removed++;
    }
  }
  return removed;
}
