import { NextRequest } from "next/server";
import * as appActions from "@/app/(app)/actions";
import * as onlineSync from "@/app/(app)/configuration/online-synchronization/actions";
import * as connect from "@/app/(app)/connect-actions";
import * as lines from "@/app/(app)/journals/[id]/reconciliation/actions";
import * as duplicates from "@/app/(app)/journals/[id]/reconciliation/duplicate-actions";
import * as statementFiles from "@/app/(app)/journals/[id]/reconciliation/import-actions";
import * as missing from "@/app/(app)/journals/[id]/reconciliation/missing-actions";
import * as reconcile from "@/app/(app)/journals/[id]/reconciliation/reconcile-actions";
import * as lockDates from "@/app/(app)/settings/lock-dates/actions";
import * as usersSettings from "@/app/(app)/settings/users/actions";
import * as sync from "@/app/(app)/sync-actions";
import * as login from "@/app/(auth)/login/actions";
import * as setup from "@/app/(auth)/setup/actions";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import * as callbackRoute from "@/app/api/banksync/callback/[provider]/route";
import * as statementUploadRoute from "@/app/api/banksync/journals/[id]/statement-imports/route";
import * as journalSyncRoute from "@/app/api/banksync/journals/[id]/sync/route";
import * as developerModeRoute from "@/app/api/developer-mode/route";
import * as searchRoute from "@/app/api/institutions/search/route";
import * as sandboxRoute from "@/app/sandbox/[...path]/route";
import type { FormState } from "@/lib/form-state";
import { APP_ORIGIN, requestHeaders } from "./request-context";
import { belgianIban, callers, type Caller, type World } from "./world";

/*
 * Who may call each server action and route handler, and what every caller gets. The test finds
 * them all by walking app/; one missing here fails it, so a new one is never shipped undecided.
 *
 * Each entry calls its function the way the browser would, with valid input aimed at company A's
 * objects (made fresh for the call when the call uses them up), as: nobody signed in, A's viewer,
 * accountant and admin, and B's admin (whose company cookie names A: a non-member's is ignored).
 * A refused call must leave every table as it was and revalidate nothing; so that this proves
 * something, its input is one that would write if it were let through (fresh objects, a value
 * other than the current one) and the refused callers go first, before an allowed call changes
 * what they aim at.
 */

export type Entry = {
  fn: (...args: never[]) => Promise<unknown>;
  /** The arguments, for this caller; `allowed` says whether the call may use up what it is given. */
  args: (w: World, caller: Caller, allowed: boolean) => Promise<unknown[]> | unknown[];
  allowed: readonly Caller[];
  /** What each caller gets (see outcome.ts): the success, or the refusal as the code answers it. */
  outcomes: Record<Caller, string>;
  /** Why the anonymous may call it. */
  public?: string;
  /** Why B's admin may call it: nothing of company A is at stake (the test checks A's rows stay as they were). */
  anyCompany?: string;
  /** An allowed call always writes: the test checks that it did, so "allowed" is not mistaken for a silent no-op. */
  writes?: boolean;
  /** What else a reader should know (a route open to the provider's redirect that still binds the caller). */
  note?: string;
};

/** An entry for `fn`, whose arguments are checked against its parameters. */
function entry<F extends (...args: never[]) => Promise<unknown>>(fn: F) {
  return (e: Omit<Entry, "fn" | "args"> & { args: (w: World, caller: Caller, allowed: boolean) => Promise<Parameters<F>> | Parameters<F> }): Entry =>
    ({ ...e, fn }) as unknown as Entry;
}

const LOGIN = "redirect /login";
const VIEWERS = "refused: Viewers can read but not change anything.";
const ADMINS = "refused: Only administrators can do this.";
const OK = "ok";
const notFound = (what: string) => `refused: ${what} not found`;

const EVERYONE = callers;
const SIGNED_IN = ["viewerA", "accountantA", "adminA", "adminB"] as const;
const READERS = ["viewerA", "accountantA", "adminA"] as const;
const WRITERS = ["accountantA", "adminA"] as const;

/** Writers of A may; A's viewer is refused by role; B's admin finds nothing of A's (`forB`). */
const writers = (forB: string, ok = OK, forViewer = VIEWERS): Record<Caller, string> => ({ anonymous: LOGIN, viewerA: forViewer, accountantA: ok, adminA: ok, adminB: forB });
/** Every member of A may read; B's admin finds nothing of A's. */
const readers = (forB: string, ok = OK): Record<Caller, string> => ({ anonymous: LOGIN, viewerA: ok, accountantA: ok, adminA: ok, adminB: forB });
const same = (outcome: string): Record<Caller, string> => Object.fromEntries(callers.map((c) => [c, outcome])) as Record<Caller, string>;

const IN_OWN_COMPANY =
  "works in the caller's own company: B's admin's call lands in B, since a company cookie naming A is ignored for a non-member; A's rows stay as they were";
const OWN_USER = "changes only the caller's own user (a preference), nothing of any company";

const idle: FormState = { status: "idle" };
function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

/** A request from the caller's browser: its cookies and Next's forwarded headers, as the route handler would get them. */
function request(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): NextRequest {
  const headers = new Headers(requestHeaders());
  for (const [key, value] of Object.entries(init.headers ?? {})) headers.set(key, value);
  return new NextRequest(`${APP_ORIGIN}${path}`, { method: init.method ?? "GET", headers, body: init.body });
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) });

let serial = 0;

export const matrix: Record<string, Entry> = {
  // ---- Dashboard, "Add a Bank Account", the user menu ----
  "app/(app)/actions.ts#addBankAccount": entry(appActions.addBankAccount)({
    args: () => [idle, form({ accountNumber: belgianIban(2_000_000 + ++serial) })],
    allowed: [...WRITERS, "adminB"],
    outcomes: writers(OK),
    anyCompany: IN_OWN_COMPANY,
    writes: true,
  }),
  "app/(app)/actions.ts#setDeveloperModeAction": entry(appActions.setDeveloperModeAction)({
    args: () => [true],
    allowed: SIGNED_IN,
    outcomes: { ...same("done"), anonymous: LOGIN },
    anyCompany: OWN_USER,
  }),
  "app/(app)/actions.ts#setLanguageAction": entry(appActions.setLanguageAction)({
    // English, as every caller already reads: the refusals the entries after this one expect are in English.
    args: () => ["en"],
    allowed: SIGNED_IN,
    outcomes: { ...same("done"), anonymous: LOGIN },
    anyCompany: OWN_USER,
  }),
  "app/(app)/actions.ts#signOutAction": entry(appActions.signOutAction)({
    args: () => [],
    allowed: EVERYONE,
    outcomes: same(LOGIN),
    public: "ends the caller's own session, if any: nothing to protect",
    anyCompany: "ends the caller's own session",
  }),

  // ---- Online Synchronization ----
  "app/(app)/configuration/online-synchronization/actions.ts#fetchConnectionAction": entry(onlineSync.fetchConnectionAction)({
    args: async (w) => {
      await w.idleConnection();
      return [w.connection];
    },
    allowed: WRITERS,
    outcomes: writers(notFound("Connection")),
    writes: true,
  }),
  "app/(app)/configuration/online-synchronization/actions.ts#deleteConnectionAction": entry(onlineSync.deleteConnectionAction)({
    args: async (w, _caller, allowed) => [allowed ? await w.spareConnection() : w.connection],
    allowed: WRITERS,
    outcomes: writers(notFound("Connection")),
    writes: true,
  }),
  "app/(app)/configuration/online-synchronization/actions.ts#linkAccountJournalAction": entry(onlineSync.linkAccountJournalAction)({
    // To the spare journal, or back to "Not synchronized": each call changes the link.
    args: async (w) => [{ accountId: w.account.savings, journalId: (await w.savingsJournal()) === w.freeJournal ? null : w.freeJournal }],
    allowed: WRITERS,
    outcomes: writers(notFound("Account")),
    writes: true,
  }),
  "app/(app)/configuration/online-synchronization/actions.ts#resetAccountFetchAction": entry(onlineSync.resetAccountFetchAction)({
    args: async (w) => {
      await w.busyConnection();
      return [w.account.checking];
    },
    allowed: WRITERS,
    outcomes: writers(notFound("Account")),
    writes: true,
  }),

  // ---- Connecting a bank ----
  "app/(app)/connect-actions.ts#startConnectionAction": entry(connect.startConnectionAction)({
    args: (w) => [{ ...w.bank("Sandbox Bank"), psuType: null, journalId: w.journal }],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/connect-actions.ts#startReconnectionAction": entry(connect.startReconnectionAction)({
    args: (w) => [w.connection],
    allowed: WRITERS,
    outcomes: writers(notFound("Connection")),
    writes: true,
  }),
  "app/(app)/connect-actions.ts#connectionAttemptAction": entry(connect.connectionAttemptAction)({
    // An attempt is its user's: each writer polls its own; the others try A's admin's.
    args: async (w, caller) => [await w.attempt(w.writerFor(caller))],
    allowed: WRITERS,
    outcomes: writers(notFound("Connection attempt")),
  }),
  "app/(app)/connect-actions.ts#synchronizeAccountsAction": entry(connect.synchronizeAccountsAction)({
    args: async (w, caller, allowed) => {
      const attempt = await w.mappableAttempt(w.writerFor(caller), allowed);
      return [{ attemptId: attempt.attemptId, choices: attempt.accountIds.map((accountId) => ({ accountId, target: "new" as const })) }];
    },
    allowed: WRITERS,
    outcomes: writers(notFound("Connection attempt")),
    writes: true,
  }),

  // ---- A journal's lines ----
  "app/(app)/journals/[id]/reconciliation/actions.ts#addLine": entry(lines.addLine)({
    args: (w) => [w.journal, idle, form({ date: "2026-01-16", label: "Typed by hand", amount: "-3.50" })],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/actions.ts#deleteLine": entry(lines.deleteLine)({
    args: async (w) => [await w.line(), idle],
    allowed: WRITERS,
    outcomes: writers(notFound("Statement line")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/duplicate-actions.ts#duplicateDefaultsAction": entry(duplicates.duplicateDefaultsAction)({
    args: (w) => [w.journal],
    allowed: READERS,
    outcomes: readers(notFound("Journal")),
  }),
  "app/(app)/journals/[id]/reconciliation/duplicate-actions.ts#findDuplicatesAction": entry(duplicates.findDuplicatesAction)({
    args: (w) => [{ journalId: w.journal, since: "2026-01-01" }],
    allowed: READERS,
    outcomes: readers(notFound("Journal")),
  }),
  "app/(app)/journals/[id]/reconciliation/duplicate-actions.ts#deleteDuplicatesAction": entry(duplicates.deleteDuplicatesAction)({
    args: async (w) => [{ journalId: w.journal, lineIds: (await w.lookAlikes()).slice(1) }],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/duplicate-actions.ts#dismissDuplicatesAction": entry(duplicates.dismissDuplicatesAction)({
    args: async (w) => [{ journalId: w.journal, lineIds: await w.lookAlikes() }],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/import-actions.ts#sampleStatementAction": entry(statementFiles.sampleStatementAction)({
    args: (w) => [w.journal, form({ head: new Blob([w.ofx()]), fileName: "statement.ofx", complete: "1" })],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
  }),
  "app/(app)/journals/[id]/reconciliation/import-actions.ts#importStatementAction": entry(statementFiles.importStatementAction)({
    args: async (w) => [w.journal, await w.stagedImport()],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/import-actions.ts#discardStatementAction": entry(statementFiles.discardStatementAction)({
    args: async (w) => [w.journal, await w.stagedImport()],
    allowed: WRITERS,
    // It answers nothing: a viewer's call fails (Next shows its error page), B's deletes nothing of A's.
    outcomes: writers("done", "done", `throws ForbiddenError: ${VIEWERS.slice("refused: ".length)}`),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/missing-actions.ts#findMissingAction": entry(missing.findMissingAction)({
    args: (w) => [{ journalId: w.syncedJournal, since: w.daysAgo(5) }],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/missing-actions.ts#importMissingAction": entry(missing.importMissingAction)({
    args: async (w) => {
      const { fetchId, id } = await w.missingFetch();
      return [{ journalId: w.syncedJournal, fetchId, ids: [id] }];
    },
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/reconcile-actions.ts#reconcileLinesAction": entry(reconcile.reconcileLinesAction)({
    args: async (w) => [{ journalId: w.journal, lineIds: [await w.line()], accountId: w.ledgerAccount }],
    allowed: WRITERS,
    outcomes: writers(notFound("Journal")),
    writes: true,
  }),
  "app/(app)/journals/[id]/reconciliation/reconcile-actions.ts#revertReconciliationAction": entry(reconcile.revertReconciliationAction)({
    args: async (w) => [await w.reconciledLine()],
    allowed: WRITERS,
    outcomes: writers(notFound("Statement line")),
    writes: true,
  }),

  // ---- Settings ----
  "app/(app)/settings/lock-dates/actions.ts#saveLockDates": entry(lockDates.saveLockDates)({
    // A date no call set before, so that a call that writes always changes a row.
    args: () => [idle, form({ lockEverythingDate: `2024-12-${String(++serial % 28 + 1).padStart(2, "0")}` })],
    allowed: ["adminA", "adminB"],
    outcomes: { anonymous: LOGIN, viewerA: ADMINS, accountantA: ADMINS, adminA: OK, adminB: OK },
    anyCompany: IN_OWN_COMPANY,
  }),
  "app/(app)/settings/users/actions.ts#addUserAction": entry(usersSettings.addUserAction)({
    args: () => [idle, form({ email: `added-${++serial}@example.test`, password: "a long enough password", role: "viewer" })],
    allowed: ["adminA", "adminB"],
    outcomes: { anonymous: LOGIN, viewerA: ADMINS, accountantA: ADMINS, adminA: OK, adminB: OK },
    anyCompany: IN_OWN_COMPANY,
    writes: true,
  }),

  // ---- Synchronization from the dashboard ----
  "app/(app)/sync-actions.ts#fetchTransactionsAction": entry(sync.fetchTransactionsAction)({
    args: async (w) => {
      await w.idleConnection();
      return [w.syncedJournal];
    },
    allowed: WRITERS,
    outcomes: writers(notFound("Bank link of this journal")),
    writes: true,
  }),
  "app/(app)/sync-actions.ts#setAutoSyncAction": entry(sync.setAutoSyncAction)({
    args: async (w) => [{ connectionId: w.connection, enabled: !(await w.autoSync()) }],
    allowed: WRITERS,
    outcomes: writers(notFound("Connection")),
    writes: true,
  }),

  // ---- Signing in ----
  "app/(auth)/login/actions.ts#logIn": entry(login.logIn)({
    args: (w) => [idle, form({ email: w.signIn.email, password: w.signIn.password })],
    allowed: EVERYONE,
    outcomes: same("redirect /"),
    public: "signing in is how a session starts; the password decides (and the throttle in lib/auth.ts)",
    anyCompany: "signs in whoever holds the password",
  }),
  "app/(auth)/setup/actions.ts#createAccount": entry(setup.createAccount)({
    args: () => [idle, form({ companyName: "Takeover", country: "BE", currency: "EUR", email: `takeover-${++serial}@example.test`, password: "a long enough password" })],
    allowed: [],
    outcomes: same(LOGIN),
    note: "public on the first start only (no user yet): once a user exists, as here, it sends everyone to /login",
  }),

  // ---- Route handlers ----
  "app/api/auth/[...nextauth]/route.ts#GET": entry(authRoute.GET)({
    args: () => [request("/api/auth/session")],
    allowed: EVERYONE,
    outcomes: same("200"),
    public: "Auth.js's own endpoints (session, CSRF token, providers): how a browser signs in; the session it answers is the caller's own, or none",
    anyCompany: "answers the caller's own session",
  }),
  "app/api/auth/[...nextauth]/route.ts#POST": entry(authRoute.POST)({
    args: async (w) => {
      // As the sign-in form posts it: with the CSRF token Auth.js handed out (and its cookie).
      const csrf = await authRoute.GET(request("/api/auth/csrf"));
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const cookie = [requestHeaders().get("cookie"), csrfCookie].filter(Boolean).join("; ");
      const body = new URLSearchParams({ csrfToken, email: w.signIn.email, password: w.signIn.password, callbackUrl: `${APP_ORIGIN}/` }).toString();
      return [request("/api/auth/callback/credentials", { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } })];
    },
    allowed: EVERYONE,
    outcomes: same("302 → /"),
    public: "Auth.js's sign-in and sign-out posts, guarded by its CSRF token; the password decides",
    anyCompany: "signs in whoever holds the password",
  }),
  "app/api/banksync/callback/[provider]/route.ts#GET": entry(callbackRoute.GET)({
    // The provider's redirect after A's admin consented at the bank, reached by each caller's browser.
    args: async (w) => {
      const { callback } = await w.consent(w.a.admin, "Sandbox Bank");
      return [request(`${callback.pathname}${callback.search}`), params({ provider: "gocardless" })];
    },
    allowed: ["adminA"],
    outcomes: {
      anonymous: "303 → /connect/done?refused=signed_out",
      viewerA: "303 → /connect/done?refused=other_user",
      accountantA: "303 → /connect/done?refused=other_user",
      adminA: "303 → /connect/done?attempt=<id>",
      adminB: "303 → /connect/done?refused=other_user",
    },
    note: "open to the provider's redirect (no login redirect in a pop-up), but its signed state binds it to the user who started the attempt",
    writes: true,
  }),
  "app/api/banksync/journals/[id]/statement-imports/route.ts#POST": entry(statementUploadRoute.POST)({
    args: (w) => [
      request(`/api/banksync/journals/${w.journal}/statement-imports?fileName=statement.ofx&format=ofx`, { method: "POST", body: w.ofx(), headers: { origin: APP_ORIGIN } }),
      params({ id: w.journal }),
    ],
    allowed: WRITERS,
    outcomes: { anonymous: "401 Sign in first.", viewerA: `403 ${VIEWERS.slice("refused: ".length)}`, accountantA: "200", adminA: "200", adminB: "404 Journal not found" },
    writes: true,
  }),
  "app/api/banksync/journals/[id]/sync/route.ts#GET": entry(journalSyncRoute.GET)({
    args: (w) => [request(`/api/banksync/journals/${w.syncedJournal}/sync`), params({ id: w.syncedJournal })],
    allowed: READERS,
    outcomes: { anonymous: "401 Sign in first.", viewerA: "200", accountantA: "200", adminA: "200", adminB: "404 This journal is not synchronized with a bank." },
  }),
  "app/api/developer-mode/route.ts#GET": entry(developerModeRoute.GET)({
    args: () => [request("/api/developer-mode?enabled=1&next=/journals")],
    allowed: SIGNED_IN,
    outcomes: { ...same("307 → /journals"), anonymous: "307 → /login?next=%2Fjournals%3Fdebug%3D1" },
    anyCompany: OWN_USER,
  }),
  "app/api/institutions/search/route.ts#GET": entry(searchRoute.GET)({
    args: () => [request("/api/institutions/search?q=Sandbox&country=BE")],
    allowed: SIGNED_IN,
    outcomes: { ...same("200"), anonymous: "401 Sign in first." },
    anyCompany: "the institution catalog is the same for every company",
  }),
  ...Object.fromEntries(
    (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [
      `app/sandbox/[...path]/route.ts#${method}`,
      entry(sandboxRoute[method])({
        args: () => [request("/sandbox/control/stats", method === "GET" ? { method } : { method, body: "{}" })],
        allowed: EVERYONE,
        outcomes: same(method === "POST" ? "200" : "405 use POST"),
        public:
          "the providers' stand-in, in sandbox mode only (live mode answers 404 on every path): it authenticates API calls as each provider does, never by our session",
        anyCompany: "holds no company's data",
      }),
    ]),
  ),
};
