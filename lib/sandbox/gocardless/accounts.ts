import { addDays, isIsoDate } from "@/lib/dates";
import { json } from "../respond";
import { accountTransactions, balanceOf, bumpCounter, getState, sandboxNow, type BankTransaction } from "../store";
import type { SandboxContext } from "../types";
import { institutionByKey, providerIdFor, type WorldAccount, type WorldInstitution } from "../world";
import { institutionId } from "./institutions";
import { agreementExpired, getRecord, kinds, type AccountRecord, type AgreementRecord, type RequisitionRecord } from "./records";
import { gocardlessError, notFound } from "./responses";

type Scope = "details" | "balances" | "transactions";

type Access = { id: string; institution: WorldInstitution; account: WorldAccount; agreement: AgreementRecord; requisition: RequisitionRecord };

/** What the bank reports as its daily allowance per account and scope (not enforced by the sandbox). */
const DAILY_LIMIT = 1000;

/**
 * The account as seen through a live requisition: the newest linked one whose agreement still runs.
 * Otherwise the 401 GoCardless gives for an expired or revoked access, or 404 for an unknown id.
 */
async function access(ctx: SandboxContext, id: string): Promise<Access | Response> {
  const record = await getRecord<AccountRecord>(ctx.db, kinds.account, id);
  const institution = record ? institutionByKey(record.institutionKey) : undefined;
  const account = institution?.accounts.find((a) => a.key === record?.accountKey);
  if (!record || !institution || !account) return notFound();
  const now = await sandboxNow(ctx.db);
  let expired: AgreementRecord | null = null;
  for (const requisitionId of [...record.requisitionIds].reverse()) {
    const requisition = await getRecord<RequisitionRecord>(ctx.db, kinds.requisition, requisitionId);
    if (!requisition || requisition.status !== "LN" || !requisition.accounts.includes(id)) continue;
    const agreement = await getRecord<AgreementRecord>(ctx.db, kinds.agreement, requisition.agreement);
    if (!agreement) continue;
    if (!agreementExpired(agreement, now)) return { id, institution, account, agreement, requisition };
    expired ??= agreement;
  }
  if (expired) {
    return gocardlessError(
      401,
      `End User Agreement (EUA) ${expired.id} has expired`,
      `EUA was valid for ${expired.access_valid_for_days} days and it expired. The end user must reconnect the account.`,
      { type: "AccessExpiredError" },
    );
  }
  return gocardlessError(401, "Access has expired or it has been revoked.", `Account ${id} has no valid End User Agreement. The end user must reconnect the account.`, {
    type: "AccessExpiredError",
  });
}

/** The success headers GoCardless puts on account calls: the bank's allowance for this account and scope today. */
async function rateLimitHeaders(ctx: SandboxContext, id: string, scope: Scope): Promise<Record<string, string>> {
  const now = await sandboxNow(ctx.db);
  const used = await bumpCounter(ctx.db, `gocardless:calls:${id}:${scope}:${now.toISOString().slice(0, 10)}`);
  const midnight = Date.parse(`${addDays(now.toISOString().slice(0, 10), 1)}T00:00:00Z`);
  return {
    http_x_ratelimit_account_success_limit: String(DAILY_LIMIT),
    http_x_ratelimit_account_success_remaining: String(Math.max(DAILY_LIMIT - used, 0)),
    http_x_ratelimit_account_success_reset: String(Math.ceil((midnight - now.getTime()) / 1000)),
  };
}

async function held(ctx: SandboxContext, a: Access): Promise<{ today: string; transactions: BankTransaction[] }> {
  const now = await sandboxNow(ctx.db);
  const today = now.toISOString().slice(0, 10);
  const state = await getState(ctx.db);
  return { today, transactions: await accountTransactions(ctx.db, a.institution, a.account, today, state.resetOn) };
}

/** GET accounts/{id}/ — the account's metadata. */
export async function getAccount(ctx: SandboxContext, id: string): Promise<Response> {
  const a = await access(ctx, id);
  if (a instanceof Response) return a;
  return json({
    id,
    created: a.requisition.created,
    last_accessed: (await sandboxNow(ctx.db)).toISOString(),
    iban: a.account.iban,
    institution_id: institutionId(a.institution),
    status: "READY",
    owner_name: "Sandbox User",
  });
}

/** GET accounts/{id}/details/ */
export async function getDetails(ctx: SandboxContext, id: string): Promise<Response> {
  const a = await access(ctx, id);
  if (a instanceof Response) return a;
  const account = {
    resourceId: a.account.key,
    ...(a.account.iban ? { iban: a.account.iban } : { bban: a.account.number }),
    currency: a.account.currency,
    ownerName: "Sandbox User",
    name: a.account.name,
    product: a.account.name,
    cashAccountType: "CACC",
  };
  return json({ account }, 200, await rateLimitHeaders(ctx, id, "details"));
}

/** GET accounts/{id}/balances/ — booked (posted only) and available (pending included). */
export async function getBalances(ctx: SandboxContext, id: string): Promise<Response> {
  const a = await access(ctx, id);
  if (a instanceof Response) return a;
  const { today, transactions } = await held(ctx, a);
  const booked = balanceOf(a.account, transactions);
  const available = balanceOf(
    a.account,
    transactions.map((t) => (t.status === "pending" ? { ...t, status: "posted" as const } : t)),
  );
  const balances = [
    { balanceAmount: { amount: booked, currency: a.account.currency }, balanceType: "closingBooked", referenceDate: today },
    { balanceAmount: { amount: available, currency: a.account.currency }, balanceType: "interimAvailable", referenceDate: today },
  ];
  return json({ balances }, 200, await rateLimitHeaders(ctx, id, "balances"));
}

/** The transaction id is the bank's: the same whichever requisition (and account resource id) reads it. */
function bookedRow(account: WorldAccount, t: BankTransaction) {
  return {
    transactionId: `${providerIdFor("gocardless", account.key)}-${t.suffix}`,
    bookingDate: t.date,
    valueDate: t.date,
    transactionAmount: { amount: t.amount, currency: t.currency },
    remittanceInformationUnstructured: t.description,
  };
}

/** Pending rows carry no id at all, as at many real banks. */
function pendingRow(t: BankTransaction) {
  return {
    valueDate: t.date,
    transactionAmount: { amount: t.amount, currency: t.currency },
    remittanceInformationUnstructured: t.description,
  };
}

/** GET accounts/{id}/transactions/?date_from&date_to */
export async function getTransactions(ctx: SandboxContext, id: string, url: URL): Promise<Response> {
  const a = await access(ctx, id);
  if (a instanceof Response) return a;
  const { today, transactions } = await held(ctx, a);
  const dateFrom = url.searchParams.get("date_from");
  const dateTo = url.searchParams.get("date_to");
  for (const [name, value] of [["date_from", dateFrom], ["date_to", dateTo]] as const) {
    if (value !== null && !isIsoDate(value)) return gocardlessError(400, `Invalid ${name}`, `${name} must be a date in the format YYYY-MM-DD`);
  }
  if (dateTo !== null && dateTo > today) return gocardlessError(400, "Date in the future", `date_to ${dateTo} is in the future; the latest allowed is ${today}`);
  if (dateFrom !== null && dateTo !== null && dateFrom > dateTo) {
    return gocardlessError(400, "Incorrect date range", `date_from ${dateFrom} is after date_to ${dateTo}`);
  }
  if (a.institution.behaviour === "flaky") {
    const call = await bumpCounter(ctx.db, `gocardless:flaky:${id}`);
    if (call % 3 !== 0) return gocardlessError(503, "Service Unavailable", "Couldn't connect to the institution. Please try again later.", { type: "ServiceError" });
  }
  // The agreement's history (itself at most the institution's) bounds what is served, whatever is asked.
  const earliest = addDays(today, -Math.min(a.agreement.max_historical_days, a.institution.historyDays));
  const from = dateFrom !== null && dateFrom > earliest ? dateFrom : earliest;
  const to = dateTo ?? today;
  // GoCardless lists newest first.
  const inWindow = transactions.filter((t) => t.date >= from && t.date <= to).reverse();
  return json(
    {
      transactions: {
        booked: inWindow.filter((t) => t.status === "posted").map((t) => bookedRow(a.account, t)),
        pending: inWindow.filter((t) => t.status === "pending").map(pendingRow),
      },
    },
    200,
    await rateLimitHeaders(ctx, id, "transactions"),
  );
}
