import { randomBytes, randomUUID } from "node:crypto";
import { type HostedFlow, hostedUrl, startHostedFlow } from "../hosted";
import { sandboxNow, sandboxToday } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey, type WorldInstitution } from "../world";
import { institutionByPlaidId, plaidInstitutionId } from "./institutions";
import { accountKind, accountMask, loadItem, plaidAccountId } from "./items";
import { parseBody } from "./parse";
import { records, type ItemRecord, type LinkExit, type LinkSession, type LinkTokenRecord } from "./records";
import { newRequestId, plaidError, plaidOk, plaidTime } from "./responses";
import { linkTokenCreateRequest, linkTokenGetRequest } from "./schemas";

/**
 * Plaid Link through Hosted Link: /link/token/create opens a hosted flow on the shared consent
 * pages; its end is recorded as a Link session the client reads back with /link/token/get.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Plaid's default when `transactions.days_requested` is not sent. */
const DEFAULT_DAYS_REQUESTED = 90;
/** PSD2 consents last 180 days; US Items have no consent expiry. */
const PSD2_CONSENT_DAYS = 180;

export async function linkTokenCreate(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(linkTokenCreateRequest, body);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;

  let institution: WorldInstitution | undefined;
  let daysRequested = input.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED;
  if (input.access_token) {
    const loaded = await loadItem(ctx, input.access_token, false);
    if (loaded instanceof Response) return loaded;
    institution = loaded.institution;
    daysRequested = loaded.item.daysRequested;
  } else {
    if (!input.products || input.products.length === 0) {
      return plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: products");
    }
    // Real Link lets the user pick the bank; the emulated one needs it named up front.
    if (!input.institution_id) {
      return plaidError(400, "INVALID_REQUEST", "MISSING_FIELDS", "the following required fields are missing: institution_id (the sandbox has no institution picker)");
    }
    institution = institutionByPlaidId(input.institution_id);
    if (!institution) return plaidError(400, "INVALID_INPUT", "INVALID_INSTITUTION", "invalid institution_id provided");
  }
  if (!input.country_codes.includes(institution.country)) {
    return plaidError(400, "INVALID_REQUEST", "INVALID_FIELD", `country_codes must include ${institution.country}, the institution's country`);
  }

  const now = await sandboxNow(ctx.db);
  const linkToken = `link-sandbox-${randomUUID()}`;
  const hosted = input.hosted_link
    ? await startHostedFlow(ctx, "plaid", { institutionKey: institution.key, language: input.language, data: { linkToken } })
    : null;
  const record: LinkTokenRecord = {
    linkToken,
    createdAt: plaidTime(now),
    expiration: plaidTime(new Date(now.getTime() + 4 * HOUR_MS)),
    clientName: input.client_name,
    clientUserId: input.user.client_user_id,
    language: input.language,
    countryCodes: input.country_codes,
    products: input.products ?? [],
    webhook: input.webhook ?? null,
    daysRequested,
    institutionKey: institution.key,
    accessToken: input.access_token ?? null,
    completionRedirectUri: input.hosted_link?.completion_redirect_uri ?? null,
    hostedFlowId: hosted?.flow.id ?? null,
    sessions: [],
  };
  await records.linkToken.put(ctx.db, record);
  return plaidOk({ link_token: linkToken, expiration: record.expiration, ...(hosted ? { hosted_link_url: hosted.url } : {}) });
}

export async function linkTokenGet(ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(linkTokenGetRequest, body);
  if (!parsed.ok) return parsed.response;
  const record = await records.linkToken.get(ctx.db, parsed.data.link_token);
  if (!record) return plaidError(400, "INVALID_INPUT", "INVALID_LINK_TOKEN", "provided link token is in an invalid format or does not exist");
  return plaidOk({
    link_token: record.linkToken,
    created_at: record.createdAt,
    expiration: record.expiration,
    metadata: {
      initial_products: record.products,
      webhook: record.webhook,
      country_codes: record.countryCodes,
      language: record.language,
      redirect_uri: null,
      client_name: record.clientName,
      account_filters: null,
      institution_data: null,
    },
    link_sessions: record.sessions,
  });
}

async function linkTokenOf(ctx: SandboxContext, flow: HostedFlow): Promise<LinkTokenRecord | null> {
  return typeof flow.data.linkToken === "string" ? records.linkToken.get(ctx.db, flow.data.linkToken) : null;
}

/** Where Hosted Link sends the browser at the end: the completion URI unchanged, else its own "done" page. */
function completionUrl(ctx: SandboxContext, flow: HostedFlow, record: LinkTokenRecord | null): string {
  return record?.completionRedirectUri ?? hostedUrl(ctx, "plaid", flow.id);
}

function secretToken(prefix: string): string {
  return `${prefix}-sandbox-${randomUUID()}`;
}

/** Plaid item ids are 37 characters of base62-like text. */
function newItemId(): string {
  return randomBytes(28).toString("base64url").replace(/[-_]/g, "x").slice(0, 37);
}

export async function onAllow(ctx: SandboxContext, flow: HostedFlow, accountKeys: string[]): Promise<string> {
  const record = await linkTokenOf(ctx, flow);
  const institution = institutionByKey(flow.institutionKey);
  if (!record || !institution) return completionUrl(ctx, flow, record);
  const now = await sandboxNow(ctx.db);
  const consentDays = institution.consentDays ?? (institution.country === "US" ? null : PSD2_CONSENT_DAYS);
  const consentExpiresAt = consentDays === null ? null : plaidTime(new Date(now.getTime() + consentDays * DAY_MS));

  const existing = record.accessToken ? await records.item.get(ctx.db, record.accessToken) : null;
  // Update mode repairs the same Item: same item id, same access token, same account ids.
  const item: ItemRecord = existing
    ? {
        ...existing,
        accountKeys: institution.accounts.map((a) => a.key).filter((k) => existing.accountKeys.includes(k) || accountKeys.includes(k)),
        loginRequired: false,
        consentExpiresAt,
      }
    : {
        itemId: newItemId(),
        accessToken: secretToken("access"),
        institutionKey: institution.key,
        accountKeys,
        daysRequested: record.daysRequested,
        createdOn: await sandboxToday(ctx.db),
        consentExpiresAt,
        loginRequired: false,
        webhook: record.webhook,
      };
  await records.item.put(ctx.db, item);

  const publicToken = secretToken("public");
  await records.publicToken.put(ctx.db, publicToken, {
    accessToken: item.accessToken,
    itemId: item.itemId,
    expiresAt: plaidTime(new Date(now.getTime() + 30 * 60_000)),
  });
  const session: LinkSession = {
    link_session_id: randomUUID(),
    started_at: record.createdAt,
    finished_at: plaidTime(now),
    results: {
      item_add_results: [
        {
          public_token: publicToken,
          accounts: institution.accounts
            .filter((a) => item.accountKeys.includes(a.key))
            .map((a) => ({ id: plaidAccountId(a), name: a.name, mask: accountMask(a), ...accountKind(a), verification_status: null })),
          institution: { institution_id: plaidInstitutionId(institution), name: institution.name },
        },
      ],
    },
    exit: null,
  };
  await records.linkToken.put(ctx.db, { ...record, sessions: [...record.sessions, session] });
  return completionUrl(ctx, flow, record);
}

const exitStatus: Record<HostedFlow["step"], LinkExit["metadata"]["status"]> = {
  login: "requires_credentials",
  code: "requires_code",
  accounts: "requires_account_selection",
};

/** The user left Link: recorded as an exited session; the client learns it from /link/token/get. */
export async function onCancel(ctx: SandboxContext, flow: HostedFlow): Promise<string> {
  const record = await linkTokenOf(ctx, flow);
  const institution = institutionByKey(flow.institutionKey);
  if (!record || !institution) return completionUrl(ctx, flow, record);
  const now = plaidTime(await sandboxNow(ctx.db));
  const linkSessionId = randomUUID();
  const session: LinkSession = {
    link_session_id: linkSessionId,
    started_at: record.createdAt,
    finished_at: now,
    results: { item_add_results: [] },
    exit: {
      error: null,
      metadata: {
        institution: { institution_id: plaidInstitutionId(institution), name: institution.name },
        status: exitStatus[flow.step],
        link_session_id: linkSessionId,
        request_id: newRequestId(),
      },
    },
  };
  await records.linkToken.put(ctx.db, { ...record, sessions: [...record.sessions, session] });
  return completionUrl(ctx, flow, record);
}
