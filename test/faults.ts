import { and, eq } from "drizzle-orm";
import { connectionMessages, onlineAccounts } from "@/db/schema";
import type { Actor } from "@/lib/banksync/actor";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { decryptJson } from "@/lib/crypto";
import { createPlaidAdapter, plaidConfigFromEnv } from "@/lib/banksync/providers/plaid";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ConnectionSecret, ProviderAdapter, ProviderId } from "@/lib/banksync/providers/types";
import { armedFault, faultModes, type FaultMode } from "@/lib/sandbox/store";
import { accountByName, institutionByName, providerIdFor } from "@/lib/sandbox/world";
import { TEST_SECRET, type ConnectHarness } from "@/test/connect-harness";
import { bankAccount, journalLines, type LinkedJournal } from "@/test/worker-journals";

/** The four moments a provider is called: what the matrix puts a fault in. */
export const phases = ["initial", "scheduled", "missing", "update"] as const;
export type Phase = (typeof phases)[number];

/** Attempts of every provider call in the matrix, the first included: a transient fault outlasts them all. */
export const HTTP_ATTEMPTS = 2;
/** Each attempt's own timeout in the matrix: three times the slowest sandbox call seen on a busy machine. */
export const CALL_TIMEOUT_MS = 1_000;
/** Plaid's /transactions/sync page here: an account's 400 days take three pages, as they take several elsewhere. */
export const PLAID_PAGE_SIZE = 200;

/**
 * How long the sandbox holds a call hit by a `timeout` fault (SANDBOX_TIMEOUT_FAULT_MS, read at each
 * call). In a first synchronization, past the adapter's own timeout: the adapter gives up in the middle
 * of a pagination, its next page already asked for. Elsewhere briefly: the provider's gateway gives up
 * first and answers 504. Both are timeouts to the taxonomy; the first costs CALL_TIMEOUT_MS an attempt.
 */
export function timeoutFaultMs(phase: Phase): number {
  return phase === "initial" ? CALL_TIMEOUT_MS + 500 : 50;
}

/** The fault modes of the control API that a provider has (SANDBOX.md). */
export function faultModesOf(provider: ProviderId): FaultMode[] {
  return faultModes.filter((mode) => mode !== "mutation_during_pagination" || provider === "plaid");
}

/**
 * How a phase ends: with an error (a reference for support); limited by the provider until its reset
 * (not an error: the account stops where it is and the run comes back later); or recovered by the
 * app itself, as if nothing had happened.
 */
export type Ending = "error" | "limited" | "recovered";

/** Faults armed, faults the app's calls take before it gives up or gets through, and how the phase ends. */
export type FaultOutcome = { count: number; taken: number; ending: Ending };

/** DESIGN.md §4, step 5, for each fault mode of the control API. */
export function faultOutcome(mode: FaultMode): FaultOutcome {
  switch (mode) {
    // Transient (5xx, timeout): retried with backoff until the attempts run out, then an error.
    case "http500":
    case "timeout":
      return { count: HTTP_ATTEMPTS, taken: HTTP_ATTEMPTS, ending: "error" };
    // A body that does not parse is not retried: an error at once, the second fault left untouched.
    case "malformed":
      return { count: 2, taken: 1, ending: "error" };
    // The reset (60 s) is beyond what one call waits: the account stops until then, not an error.
    case "rate_limit":
      return { count: 1, taken: 1, ending: "limited" };
    // Plaid's rule: pagination restarts from where it began; nothing lost, nothing twice.
    case "mutation_during_pagination":
      return { count: 2, taken: 2, ending: "recovered" };
  }
}

/**
 * Where the fault lands: `after` calls of the provider pass first. A synchronization takes the accounts
 * one after the other, each paged, then asked its balance: when the fault hits, `whole` accounts are
 * done and the next one holds `hit` (nothing yet, its first page, or every page with only its balance
 * left to ask). Outside a synchronization nothing is written whatever the place.
 */
export type Placement = { after: number; whole: number; hit: "nothing" | "first page" | "every page" };

export function placement(provider: ProviderId, phase: Phase): Placement {
  switch (phase) {
    case "initial":
      // One account. GoCardless gives it in one call, then its balance: the fault hits the balance.
      // The others page its 400 days: the fault hits the second page.
      return { after: 1, whole: 0, hit: provider === "gocardless" ? "every page" : "first page" };
    case "scheduled":
      // A later window is one page, then the balance: the fault hits the first account's balance call.
      // Salt Edge asks the bank for a refresh, then pages everything it holds: it hits the first page.
      return provider === "saltedge" ? { after: 1, whole: 0, hit: "nothing" } : { after: 1, whole: 0, hit: "every page" };
    case "missing":
      // Everything since 400 days ago: the second page, after Salt Edge's refresh; GoCardless's one call.
      return { after: { gocardless: 0, plaid: 1, saltedge: 2, enablebanking: 1 }[provider], whole: 0, hit: "nothing" };
    case "update":
      // The first call of completing the authorization (the session, requisition, connection or link token).
      return { after: 0, whole: 0, hit: "nothing" };
  }
}

/**
 * The harness's adapters replaced by the matrix's (in place: its workers share the object): instant
 * backoffs, HTTP_ATTEMPTS attempts of CALL_TIMEOUT_MS each, and Plaid paging by PLAID_PAGE_SIZE.
 */
export function useMatrixAdapters(h: ConnectHarness): void {
  const options = { sleep: async () => {}, attempts: HTTP_ATTEMPTS, timeoutMs: CALL_TIMEOUT_MS };
  const adapters = buildProviderAdapters({}, h.server.sandboxUrl, options);
  adapters.plaid = createPlaidAdapter({ ...plaidConfigFromEnv({}, h.server.sandboxUrl)!, syncPageSize: PLAID_PAGE_SIZE }, options);
  Object.assign(h.deps.adapters, adapters);
}

/** The bank each provider is tried at, and the two accounts linked there. */
export const bankOf: Record<ProviderId, { key: string; name: string; accounts: [string, string] }> = {
  gocardless: { key: "sandbox-bank", name: "Sandbox Bank", accounts: ["Checking", "Savings"] },
  saltedge: { key: "sandbox-bank", name: "Sandbox Bank", accounts: ["Checking", "Savings"] },
  enablebanking: { key: "sandbox-bank", name: "Sandbox Bank", accounts: ["Checking", "Savings"] },
  plaid: { key: "sandbox-us-bank", name: "Sandbox US Bank", accounts: ["Plaid Checking", "Plaid Credit Card"] },
};

export type MatrixJournal = LinkedJournal & { onlineAccountId: string };
export type Linked = { connectionId: string; runId: string; journals: MatrixJournal[] };

/** The provider's consent pages for its bank's two accounts (or the first only), then the callback: answers the authorized attempt. */
export async function authorize(h: ConnectHarness, actor: Actor, provider: ProviderId, accounts: 1 | 2 = 2): Promise<string> {
  const bank = bankOf[provider];
  const { attemptId, callback } = await h.consent(actor, bank.key, provider, { accounts: bank.accounts.slice(0, accounts) });
  const answer = await h.callback(provider, callback.searchParams, actor.userId);
  if (answer.outcome !== "authorized") throw new Error(`consent not authorized: ${JSON.stringify(answer)}`);
  return attemptId;
}

/** "Synchronize" with every authorized account in a new journal: the initial run is queued. */
export async function linkAll(h: ConnectHarness, actor: Actor, provider: ProviderId, attemptId: string): Promise<Linked> {
  const view = await getConnectionAttempt(h.deps.db, actor, attemptId);
  const linked = await synchronizeAccounts(h.deps, actor, attemptId, view.accounts.map((a) => ({ accountId: a.id, target: "new" as const })));
  const rows = await h.deps.db
    .select({ id: onlineAccounts.id, name: onlineAccounts.name, journalId: onlineAccounts.journalId, externalId: onlineAccounts.externalId })
    .from(onlineAccounts)
    .where(eq(onlineAccounts.connectionId, linked.connectionId));
  const bank = institutionByName(bankOf[provider].name)!;
  return {
    connectionId: linked.connectionId,
    runId: linked.runId,
    journals: rows.map((r) => ({
      name: r.name,
      journalId: r.journalId!,
      externalId: r.externalId,
      onlineAccountId: r.id,
      bankId: providerIdFor(provider, accountByName(bank, r.name)!.key),
    })),
  };
}

/** Arms `count` faults after `after` calls of the provider through the control API; count 0 disarms. */
export async function armFault(h: ConnectHarness, provider: ProviderId, mode: FaultMode, count: number, after = 0): Promise<void> {
  await h.server.control("faults", { provider, mode, count, after });
}

/** How many of the armed faults the app's calls took. */
export async function faultsTaken(h: ConnectHarness, provider: ProviderId, armed: number): Promise<number> {
  const left = await armedFault(h.server.database.db, provider);
  return armed - (left?.remaining ?? 0);
}

function secretOf(connection: { id: string; secret: string }): ConnectionSecret {
  return decryptJson(connection.secret, connection.id, TEST_SECRET) as ConnectionSecret;
}

/**
 * One harmless call before a fault is armed: GoCardless renews its access token on the first call
 * after the sandbox clock passed its expiry, which would shift the fault's place by two calls.
 */
export async function warmUp(h: ConnectHarness, provider: ProviderId, connection: { id: string; secret: string }, journal: MatrixJournal): Promise<void> {
  await adapterOf(h, provider).getBalance(secretOf(connection), journal.externalId);
}

function adapterOf(h: ConnectHarness, provider: ProviderId): ProviderAdapter {
  return h.deps.adapters[provider]!;
}

/**
 * The posted ids of each page the provider gives for an account's first synchronization, asked
 * directly with nothing armed: what "the pages that completed" mean in the journals.
 */
export async function firstSyncPages(h: ConnectHarness, provider: ProviderId, connection: { id: string; secret: string }, journal: MatrixJournal, window: { from: string; to: string }): Promise<string[][]> {
  const pages: string[][] = [];
  const fetched = adapterOf(h, provider).fetchTransactions(secretOf(connection), {
    accountExternalId: journal.externalId,
    from: window.from,
    to: window.to,
    cursor: null,
    includePending: true,
    background: false,
    justAuthorized: true,
  });
  for await (const page of fetched) pages.push(page.transactions.filter((t) => t.status === "posted" && t.date >= window.from).map((t) => t.externalId));
  return pages;
}

/**
 * What a journal holds against what it held before and what the bank has: "complete" (every posted
 * transaction of the bank), "unchanged", "first k pages" (of `pages`), or what went wrong.
 */
export function journalState(lines: string[], before: Set<string>, bankPosted: string[], pages: string[][] = []): string {
  const held = new Set(lines);
  if (held.size !== lines.length) return "a transaction twice";
  const known = new Set([...before, ...bankPosted]);
  if (lines.some((id) => !known.has(id))) return "a transaction the bank does not have";
  if (bankPosted.every((id) => held.has(id))) return "complete";
  const same = (expected: Set<string>) => expected.size === held.size && [...expected].every((id) => held.has(id));
  if (same(before)) return "unchanged";
  const upTo = new Set(before);
  for (const [index, page] of pages.entries()) {
    for (const id of page) upTo.add(id);
    if (same(upTo)) return `first ${index + 1} pages`;
  }
  return "part of a page";
}

/** The states `journalState` must find, sorted, when a fault ends a synchronization as `ending`. */
export function expectedStates(ending: Ending, place: Placement, accounts: number): string[] {
  if (ending === "recovered") return Array<string>(accounts).fill("complete");
  const hit = { nothing: "unchanged", "first page": "first 1 pages", "every page": "complete" }[place.hit];
  const after = accounts - place.whole - 1;
  // A limited account stops; the run goes on with the others.
  return [...Array<string>(place.whole).fill("complete"), hit, ...Array<string>(after).fill(ending === "limited" ? "complete" : "unchanged")].sort();
}

/** Each journal's online ids, by journal id. */
export async function snapshot(h: ConnectHarness, journals: MatrixJournal[]): Promise<Map<string, Set<string>>> {
  return new Map(await Promise.all(journals.map(async (j) => [j.journalId, new Set((await journalLines(h.deps.db, j.journalId)).onlineIds)] as const)));
}

/** Each journal's state after a step, in the journals' order (`pages` by journal id where pages are judged). */
export async function statesOf(
  h: ConnectHarness,
  provider: ProviderId,
  journals: MatrixJournal[],
  before: Map<string, Set<string>>,
  pages: Map<string, string[][]> = new Map(),
): Promise<string[]> {
  const states: string[] = [];
  for (const journal of journals) {
    const bank = await bankAccount(h.deps.db, bankOf[provider].name, journal);
    const lines = await journalLines(h.deps.db, journal.journalId);
    states.push(journalState(lines.onlineIds, before.get(journal.journalId) ?? new Set(), bank.postedIds, pages.get(journal.journalId)));
  }
  return states;
}

/** The connection's log entries that carry `reference`. */
export async function loggedWith(h: ConnectHarness, connectionId: string, reference: string) {
  return h.deps.db
    .select({ level: connectionMessages.level, text: connectionMessages.text })
    .from(connectionMessages)
    .where(and(eq(connectionMessages.connectionId, connectionId), eq(connectionMessages.reference, reference)));
}
