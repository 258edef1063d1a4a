import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sandboxCounters, sandboxFaults, sandboxObjects, sandboxState, sandboxTransactions } from "@/db/schema";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { addDays, isoDate } from "@/lib/dates";
import { decimalToMinor, minorDigits, toDecimalString } from "@/lib/money";
import { setSandboxClockOffset } from "@/lib/clock";
import { remembered } from "@/lib/remembered";
import { bankTransactions, renamedInWorld, type WorldAccount, type WorldInstitution, type WorldTransaction } from "./world";

/**
 * The sandbox world's state in the database, so it survives a restart: the clock offset and R,
 * provider-side records, control-API transactions, armed faults and special-bank counters.
 */

export type SandboxState = { clockOffsetMs: number; resetOn: string };

export async function getState(db: Db): Promise<SandboxState> {
  const [row] = await db.select().from(sandboxState).where(eq(sandboxState.id, 1));
  if (row) return { clockOffsetMs: row.clockOffsetMs, resetOn: row.resetOn };
  // First start counts as a reset.
  const resetOn = isoDate(new Date());
  await db.insert(sandboxState).values({ id: 1, clockOffsetMs: 0, resetOn }).onConflictDoNothing();
  return getState(db);
}

/** The sandbox's (and app's) "now". */
export async function sandboxNow(db: Db): Promise<Date> {
  const state = await getState(db);
  return new Date(Date.now() + state.clockOffsetMs);
}

export async function sandboxToday(db: Db): Promise<string> {
  return isoDate(await sandboxNow(db));
}

export async function advanceClock(db: Db, hours: number): Promise<SandboxState> {
  await getState(db);
  await db
    .update(sandboxState)
    .set({ clockOffsetMs: sql`${sandboxState.clockOffsetMs} + ${Math.round(hours * 3_600_000)}`, updatedAt: new Date() })
    .where(eq(sandboxState.id, 1));
  const state = await getState(db);
  setSandboxClockOffset(state.clockOffsetMs);
  return state;
}

/** World back to its initial state: clock offset 0, R = today, no provider records, no additions. */
export async function resetWorld(db: Db): Promise<SandboxState> {
  const resetOn = isoDate(new Date());
  await db.transaction(async (tx) => {
    await tx.delete(sandboxObjects);
    await tx.delete(sandboxTransactions);
    await tx.delete(sandboxFaults);
    await tx.delete(sandboxCounters);
    await tx
      .insert(sandboxState)
      .values({ id: 1, clockOffsetMs: 0, resetOn })
      .onConflictDoUpdate({ target: sandboxState.id, set: { clockOffsetMs: 0, resetOn, updatedAt: new Date() } });
  });
  setSandboxClockOffset(0);
  // The control API's renames were among the records deleted above.
  renamedInWorld().clear();
  return { clockOffsetMs: 0, resetOn };
}

// Provider-side records -------------------------------------------------------------------------

export async function putObject<T extends object>(db: Db, provider: ProviderId, kind: string, id: string, data: T): Promise<void> {
  await db
    .insert(sandboxObjects)
    .values({ provider, kind, id, data })
    .onConflictDoUpdate({ target: [sandboxObjects.provider, sandboxObjects.kind, sandboxObjects.id], set: { data, updatedAt: new Date() } });
}

export async function getObject<T>(db: Db, provider: ProviderId, kind: string, id: string): Promise<T | null> {
  const [row] = await db
    .select({ data: sandboxObjects.data })
    .from(sandboxObjects)
    .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.kind, kind), eq(sandboxObjects.id, id)));
  return row ? (row.data as T) : null;
}

export async function listObjects<T>(db: Db, provider: ProviderId, kind: string): Promise<{ id: string; data: T; createdAt: Date }[]> {
  const rows = await db
    .select({ id: sandboxObjects.id, data: sandboxObjects.data, createdAt: sandboxObjects.createdAt })
    .from(sandboxObjects)
    .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.kind, kind)))
    .orderBy(asc(sandboxObjects.createdAt));
  return rows.map((r) => ({ id: r.id, data: r.data as T, createdAt: r.createdAt }));
}

export async function deleteObject(db: Db, provider: ProviderId, kind: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(sandboxObjects)
    .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.kind, kind), eq(sandboxObjects.id, id)))
    .returning({ id: sandboxObjects.id });
  return rows.length > 0;
}

// Faults ---------------------------------------------------------------------------------------

export const faultModes = ["http500", "timeout", "malformed", "rate_limit", "mutation_during_pagination"] as const;
export type FaultMode = (typeof faultModes)[number];

/** The counter of an armed fault's calls still let through before it hits (control API `faults` with `after`). */
const faultAfterKey = (provider: ProviderId) => `fault-after:${provider}`;

/**
 * Arms a fault: the `count` API calls of the provider after the next `after` fail with `mode`
 * (count 0 disarms). The calls let through are counted in sandbox_counters, beside the fault's row.
 */
export async function armFault(db: Db, provider: ProviderId, mode: FaultMode, count: number, after = 0): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(sandboxFaults)
      .values({ provider, mode, remaining: count })
      .onConflictDoUpdate({ target: sandboxFaults.provider, set: { mode, remaining: count } });
    await setCounter(tx, faultAfterKey(provider), after);
  });
}

/** Takes one armed fault of the provider, if any (atomically); a call the fault lets through first only counts down. */
export async function takeFault(db: Db, provider: ProviderId): Promise<FaultMode | null> {
  const passed = await db
    .update(sandboxCounters)
    .set({ value: sql`${sandboxCounters.value} - 1` })
    .where(and(eq(sandboxCounters.key, faultAfterKey(provider)), sql`${sandboxCounters.value} > 0`))
    .returning({ value: sandboxCounters.value });
  if (passed.length > 0) return null;
  const rows = await db
    .update(sandboxFaults)
    .set({ remaining: sql`${sandboxFaults.remaining} - 1` })
    .where(and(eq(sandboxFaults.provider, provider), sql`${sandboxFaults.remaining} > 0`))
    .returning({ mode: sandboxFaults.mode });
  return (rows[0]?.mode as FaultMode | undefined) ?? null;
}

/** What is left of the provider's armed fault: calls still let through, then calls still failed. */
export async function armedFault(db: Db, provider: ProviderId): Promise<{ mode: FaultMode; after: number; remaining: number } | null> {
  const [row] = await db.select().from(sandboxFaults).where(eq(sandboxFaults.provider, provider));
  if (!row) return null;
  return { mode: row.mode as FaultMode, after: (await getCounter(db, faultAfterKey(provider))) ?? 0, remaining: row.remaining };
}

// Counters -------------------------------------------------------------------------------------

export async function bumpCounter(db: Db, key: string): Promise<number> {
  const [row] = await db
    .insert(sandboxCounters)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: sandboxCounters.key, set: { value: sql`${sandboxCounters.value} + 1`, updatedAt: new Date() } })
    .returning({ value: sandboxCounters.value });
  return row!.value;
}

export async function getCounter(db: Db, key: string): Promise<number | null> {
  const [row] = await db.select({ value: sandboxCounters.value }).from(sandboxCounters).where(eq(sandboxCounters.key, key));
  return row?.value ?? null;
}

export async function setCounter(db: Db, key: string, value: number): Promise<void> {
  await db
    .insert(sandboxCounters)
    .values({ key, value })
    .onConflictDoUpdate({ target: sandboxCounters.key, set: { value, updatedAt: new Date() } });
}

// Transactions ---------------------------------------------------------------------------------

export type BankTransaction = WorldTransaction & {
  currency: string;
  /** For a posted transaction that replaced a pending one: the pending one's suffix. */
  replacesSuffix: string | null;
};

/** Adds a transaction at the bank (control API); answers its suffix. */
export async function addBankTransaction(
  db: Db,
  institution: WorldInstitution,
  account: WorldAccount,
  input: { date: string; amount: string; description: string; status: "posted" | "pending"; currency?: string },
): Promise<string> {
  const currency = input.currency ?? account.currency;
  const amount = toDecimalString(decimalToMinor(input.amount, currency), currency);
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sandboxTransactions)
    .where(and(eq(sandboxTransactions.institution, institution.key), eq(sandboxTransactions.account, account.key)));
  const suffix = `${input.date.replaceAll("-", "")}-X${n + 1}`;
  await db.insert(sandboxTransactions).values({
    institution: institution.key,
    account: account.key,
    suffix,
    date: input.date,
    amount,
    currency,
    description: input.description,
    status: input.status,
  });
  return suffix;
}

/**
 * A pending transaction becomes posted today (control API `post`). The posted one gets a new
 * suffix and remembers the pending one's; each provider decides whether its id changes.
 */
export async function postBankTransaction(
  db: Db,
  institution: WorldInstitution,
  account: WorldAccount,
  input: { suffix: string; amount?: string },
): Promise<BankTransaction> {
  const state = await getState(db);
  const today = isoDate(new Date(Date.now() + state.clockOffsetMs));
  const pending = (await accountTransactions(db, institution, account, today, state.resetOn)).find(
    (t) => t.suffix === input.suffix && t.status === "pending",
  );
  if (!pending) throw new Error(`No pending transaction ${input.suffix} at ${institution.name} / ${account.name}`);
  const amount = input.amount ? toDecimalString(decimalToMinor(input.amount, pending.currency), pending.currency) : pending.amount;
  const suffix = `${today.replaceAll("-", "")}-B-${input.suffix}`;
  await db.insert(sandboxTransactions).values({
    institution: institution.key,
    account: account.key,
    suffix,
    date: today,
    amount,
    currency: pending.currency,
    description: pending.description,
    status: "posted",
    replacesSuffix: input.suffix,
  });
  return { suffix, date: today, amount, description: pending.description, status: "posted", currency: pending.currency, replacesSuffix: input.suffix };
}

/**
 * Everything the bank holds for an account today: the world's rule, the control API's additions,
 * pending transactions that were posted replaced by their posted rows. Oldest first.
 */
export async function accountTransactions(
  db: Db,
  institution: WorldInstitution,
  account: WorldAccount,
  today: string,
  resetOn: string,
): Promise<BankTransaction[]> {
  const added = await db
    .select()
    .from(sandboxTransactions)
    .where(and(eq(sandboxTransactions.institution, institution.key), eq(sandboxTransactions.account, account.key)))
    .orderBy(asc(sandboxTransactions.createdAt));
  const world = worldTransactions(institution, account, today, resetOn);
  // Oldest first already: the world's rule alone needs no merging.
  if (added.length === 0) return [...world];
  const replaced = new Set(added.map((a) => a.replacesSuffix).filter((s): s is string => s !== null));
  const extra: BankTransaction[] = added.map((a) => ({
    suffix: a.suffix,
    date: a.date,
    amount: a.amount,
    description: a.description,
    status: a.status as "posted" | "pending",
    currency: a.currency,
    replacesSuffix: a.replacesSuffix,
  }));
  return [...world, ...extra]
    .filter((t) => !(t.status === "pending" && replaced.has(t.suffix)))
    .filter((t) => t.date <= today)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const worldCache = new Map<string, readonly BankTransaction[]>();

/**
 * The world's rule for an account on `today`, made once per day and account kind: every provider call
 * asks for it, and a history is hundreds of objects. Frozen, since callers share it.
 */
function worldTransactions(institution: WorldInstitution, account: WorldAccount, today: string, resetOn: string): readonly BankTransaction[] {
  const key = [institution.key, institution.bankDays, institution.behaviour, account.currency, today, resetOn].join("|");
  const make = () => Object.freeze(bankTransactions(institution, today, resetOn).map((t) => Object.freeze({ ...t, currency: account.currency, replacesSuffix: null })));
  return remembered(worldCache, key, make, 256);
}

/** 10,000.00 plus every posted transaction the bank holds, in the account's currency. */
export function balanceOf(account: WorldAccount, transactions: BankTransaction[]): string {
  let minor = decimalToMinor("10000.00", account.currency);
  for (const t of transactions) if (t.status === "posted" && t.currency === account.currency) minor += decimalToMinor(t.amount, t.currency);
  return toDecimalString(minor, account.currency);
}

/**
 * Adds `count` posted transactions at once (control API `bulk-transactions`, for benchmarks), spread
 * evenly over the `days` days before `today`, oldest first. Suffixes continue the numbering of
 * addBankTransaction, so every id stays distinct; amounts are money out of 10,000 minor units and
 * more (−100.00 in EUR), beyond any rule transaction's, so none is a possible duplicate of the bank's
 * history. One statement: a hundred thousand rows take seconds, not the minutes of as many control
 * calls. Each row gets its own creation instant, one microsecond apart: accountTransactions orders
 * additions by it, and a total order keeps every page of a paginated fetch the same from one request
 * to the next.
 */
export async function addBulkBankTransactions(
  db: Db,
  institution: WorldInstitution,
  account: WorldAccount,
  input: { count: number; days: number; today: string },
): Promise<number> {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sandboxTransactions)
    .where(and(eq(sandboxTransactions.institution, institution.key), eq(sandboxTransactions.account, account.key)));
  const digits = minorDigits(account.currency);
  const start = addDays(input.today, -input.days);
  // All or nothing: a suffix already taken fails the whole statement.
  await db.execute(sql`
    insert into ${sandboxTransactions} (institution, account, suffix, date, amount, currency, description, status, created_at)
    select ${institution.key}, ${account.key},
           to_char(day, 'YYYYMMDD') || '-X' || (${n} + i + 1),
           day,
           round(-(10000 + ${n} + i)::numeric / ${10 ** digits}::numeric, ${digits}::int)::text,
           ${account.currency},
           'Bulk transaction ' || (${n} + i + 1),
           'posted',
           now() + i * interval '1 microsecond'
    from generate_series(0::bigint, ${input.count - 1}::bigint) as i,
         lateral (select ${start}::date + (i * ${input.days} / ${input.count})::int as day) as spread`);
  return input.count;
}
