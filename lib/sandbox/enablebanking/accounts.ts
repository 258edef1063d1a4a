import { z } from "zod";
import { isIsoDate } from "@/lib/dates";
import { accountTransactions, balanceOf, getObject, getState, putObject, sandboxNow, type BankTransaction } from "../store";
import { json } from "../respond";
import type { SandboxContext } from "../types";
import { historyStart } from "../world";
import { accountResource } from "./consent";
import { ebError, wrongParameters } from "./errors";
import { decodeContinuation, encodeContinuation, pageEnd, type FetchState } from "./paging";
import { accountAccess, accountUid, kinds, type AccountAccess } from "./records";
import { dropSnapshot, keepSnapshot, snapshotOf, type FetchSnapshot } from "./snapshots";

const DAY_MS = 86_400_000;

type DailyLimitRecord = { lastSuccessAt: string };

const isoDate = z.string().refine(isIsoDate, "a date YYYY-MM-DD");
const transactionsQuery = z.object({
  date_from: isoDate.optional(),
  date_to: isoDate.optional(),
  continuation_key: z.string().min(1).optional(),
  transaction_status: z.enum(["BOOK", "PDNG"]).optional(),
});

/** `GET /accounts/{uid}/details` */
export async function accountDetails(ctx: SandboxContext, uid: string): Promise<Response> {
  const access = await accountAccess(ctx, uid, await sandboxNow(ctx.db));
  if (access instanceof Response) return access;
  return json(accountResource(access.institution, access.account));
}

/** `GET /accounts/{uid}/balances`: the closing booked balance, 10,000.00 plus every posted transaction. */
export async function accountBalances(ctx: SandboxContext, uid: string): Promise<Response> {
  const now = await sandboxNow(ctx.db);
  const access = await accountAccess(ctx, uid, now);
  if (access instanceof Response) return access;
  const today = now.toISOString().slice(0, 10);
  const { resetOn } = await getState(ctx.db);
  const transactions = await accountTransactions(ctx.db, access.institution, access.account, today, resetOn);
  return json({
    balances: [
      {
        name: "Closing booked",
        balance_amount: { amount: balanceOf(access.account, transactions), currency: access.account.currency },
        balance_type: "CLBD",
        reference_date: today,
      },
    ],
  });
}

/** A transaction's id survives posting: the posted row keeps the pending one's. */
function transactionId(uid: string, t: BankTransaction): string {
  return `${uid}-${t.replacesSuffix ?? t.suffix}`;
}

/** Enable Banking's transaction: an unsigned amount and a credit/debit indicator. */
function transactionJson(uid: string, t: BankTransaction) {
  const id = transactionId(uid, t);
  const debit = t.amount.startsWith("-");
  return {
    transaction_id: id,
    entry_reference: id,
    transaction_amount: { amount: t.amount.replace(/^[+-]/, ""), currency: t.currency },
    credit_debit_indicator: debit ? "DBIT" : "CRDT",
    status: t.status === "posted" ? "BOOK" : "PDNG",
    booking_date: t.date,
    value_date: t.date,
    transaction_date: t.date,
    remittance_information: [t.description],
    creditor: null,
    debtor: null,
    creditor_account: null,
    debtor_account: null,
  };
}

/**
 * Sandbox Daily Limit Bank: one successful transactions call per account per 24 h by the sandbox
 * clock, whoever asks (a user-present call included: the project's contract wants the second fetch
 * of a day to say when new data can come). Answers the 429 or null.
 */
async function dailyLimitRefusal(ctx: SandboxContext, uid: string, now: Date): Promise<Response | null> {
  const record = await getObject<DailyLimitRecord>(ctx.db, "enablebanking", kinds.dailyLimit, uid);
  if (!record) return null;
  const resetAt = Date.parse(record.lastSuccessAt) + DAY_MS;
  if (now.getTime() >= resetAt) return null;
  const seconds = Math.ceil((resetAt - now.getTime()) / 1000);
  return ebError(
    429,
    "ASPSP_RATE_LIMIT_EXCEEDED",
    "The ASPSP's limit of transaction requests for this account has been reached",
    { reset_at: new Date(resetAt).toISOString(), retry_after: seconds },
    { "retry-after": String(seconds) },
  );
}

function firstPageState(uid: string, access: AccountAccess, query: z.infer<typeof transactionsQuery>, today: string): FetchState {
  // The provider serves at most the institution's history limit, whatever date_from asks for.
  const earliest = historyStart(access.institution, today);
  const from = query.date_from && query.date_from > earliest ? query.date_from : earliest;
  const to = query.date_to && query.date_to < today ? query.date_to : today;
  return { uid, from, to, status: query.transaction_status ?? null, today, offset: 0 };
}

/** `GET /accounts/{uid}/transactions`: pages of 100 rows, oldest first, chained by continuation_key. */
export async function accountTransactionsPage(ctx: SandboxContext, uid: string, url: URL): Promise<Response> {
  const parsed = transactionsQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return wrongParameters(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const query = parsed.data;
  const now = await sandboxNow(ctx.db);
  const access = await accountAccess(ctx, uid, now);
  if (access instanceof Response) return access;

  let state: FetchState;
  const limited = access.institution.behaviour === "daily_limit";
  if (query.continuation_key) {
    const decoded = decodeContinuation(query.continuation_key);
    if (!decoded || decoded.uid !== uid) return wrongParameters("Invalid continuation_key");
    state = decoded;
  } else {
    if (limited) {
      const refusal = await dailyLimitRefusal(ctx, uid, now);
      if (refusal) return refusal;
    }
    state = firstPageState(uid, access, query, now.toISOString().slice(0, 10));
  }

  const accountId = accountUid(access.account);
  const kept = state.snapshot ? snapshotOf(state.snapshot) : null;
  const { transactions, ids } = kept ?? (await readFetch(ctx, access, state, accountId));
  const end = pageEnd(ids, state.offset);
  // Only the first page of a fetch counts against the daily limit; its continuation pages are free.
  if (limited && !query.continuation_key) {
    await putObject<DailyLimitRecord>(ctx.db, "enablebanking", kinds.dailyLimit, uid, { lastSuccessAt: now.toISOString() });
  }
  let snapshot = kept ? state.snapshot : undefined;
  if (end < ids.length) snapshot ??= keepSnapshot({ transactions, ids });
  else if (snapshot) dropSnapshot(snapshot);
  return json({
    transactions: transactions.slice(state.offset, end).map((t) => transactionJson(accountId, t)),
    continuation_key: end < ids.length ? encodeContinuation({ ...state, offset: end, snapshot }) : null,
  });
}

/** Everything a fetch serves, read from the bank: its window, its status, oldest first. */
async function readFetch(ctx: SandboxContext, access: AccountAccess, state: FetchState, accountId: string): Promise<FetchSnapshot> {
  const { resetOn } = await getState(ctx.db);
  const wanted = state.status === "BOOK" ? "posted" : state.status === "PDNG" ? "pending" : null;
  const transactions = (await accountTransactions(ctx.db, access.institution, access.account, state.today, resetOn)).filter(
    (t) => t.date >= state.from && t.date <= state.to && (wanted === null || t.status === wanted),
  );
  return { transactions, ids: transactions.map((t) => transactionId(accountId, t)) };
}
