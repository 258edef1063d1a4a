import { message } from "@/i18n/message";
import { randomBytes, scryptSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray, like } from "drizzle-orm";
import { fromPglite, PgBoss, type PGliteLike } from "pg-boss";
import type { Database, Db } from "@/db/client";
import { connections, institutionProviders, institutions, onlineAccounts, users } from "@/db/schema";
import type { Actor } from "@/lib/banksync/actor";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { refreshCatalog } from "@/lib/banksync/catalog/refresh";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { completeConnection } from "@/lib/banksync/connect/complete";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { startConnection } from "@/lib/banksync/connect/start";
import { listLedgerAccounts } from "@/lib/banksync/ledger-accounts";
import { findMissingTransactions } from "@/lib/banksync/missing/find";
import { providerAdapters, type ProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { reconcileLines } from "@/lib/banksync/reconcile";
import { addManualLine } from "@/lib/banksync/statement-lines";
import { stageStatementFile } from "@/lib/banksync/statement-files/stage";
import { appClock, setSandboxClockOffset } from "@/lib/clock";
import { stopIdleRun } from "@/lib/banksync/connections/active-run";
import { fetchConnection } from "@/lib/banksync/sync/requests";
import { connectDeps, manageDeps, syncRequestDeps } from "@/lib/connect-deps";
import { isoDate } from "@/lib/dates";
import { createSyncQueue } from "@/lib/jobs/sync-queue";
import { getState } from "@/lib/sandbox/store";
import { companyWithUsers } from "@/test/fixtures";
import { completeHostedConsent } from "@/test/hosted-consent";
import { ofxStatement } from "@/test/files/ofx";
import { APP_ORIGIN } from "./request-context";

/** Who calls: nobody signed in, each role of company A, and the admin of another company B. */
export const callers = ["anonymous", "viewerA", "accountantA", "adminA", "adminB"] as const;
export type Caller = (typeof callers)[number];

type Company = Awaited<ReturnType<typeof companyWithUsers>>;

/** The keys the app keeps its process-wide singletons under (db/index.ts, lib/jobs, the provider registry). */
const DATABASE_KEY = Symbol.for("banksync.database");
const JOBS_KEY = Symbol.for("banksync.jobs");
const ADAPTERS_KEY = Symbol.for("banksync.providerAdapters");
/** Every connection here goes through GoCardless's sandbox: the calls' authorization, not the providers, is under test. */
const PROVIDER: ProviderId = "gocardless";

const process_ = globalThis as unknown as Record<symbol, unknown>;

/** The app's own sandbox route (app/sandbox/[...path]/route.ts) served over loopback HTTP: the adapters reach it as SANDBOX_URL. */
export async function serveSandboxRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const route = await import("@/app/sandbox/[...path]/route");
  const handlers: Record<string, (request: Request) => Promise<Response>> = route;
  let origin = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const method = req.method ?? "GET";
      const request = new Request(new URL(req.url ?? "/", origin), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
      const handle = handlers[method];
      const response = handle ? await handle(request) : new Response("method not allowed", { status: 405 });
      res.statusCode = response.status;
      response.headers.forEach((value, key) => res.setHeader(key, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error instanceof Error ? error.stack : error));
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/sandbox`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * pg-boss on the test database with its sync queue but no worker in this process: a queued run stays
 * queued, so nothing writes behind the calls' backs (a deployment's web process may run no workers
 * either). No supervisor or cron: the queue's tables change only when a call sends a job.
 */
async function queueWithoutWorkers(database: Database & { url?: string }): Promise<PgBoss> {
  const quiet = { supervise: false, schedule: false } as const;
  const boss =
    database.driver === "postgres"
      ? new PgBoss({ connectionString: database.url!, max: 2, ...quiet })
      : new PgBoss({ db: fromPglite((database.db as unknown as { $client: PGliteLike }).$client), backend: "pglite", ...quiet });
  boss.on("error", () => {});
  await boss.start();
  await createSyncQueue(boss);
  return boss;
}

/** A valid Belgian IBAN, distinct for each n. */
export function belgianIban(n: number): string {
  const account = String(n).padStart(10, "0");
  const check = Number(BigInt(account) % 97n) || 97;
  const bban = `${account}${String(check).padStart(2, "0")}`;
  const digits = 98 - Number(BigInt(`${bban}111400`) % 97n);
  return `BE${String(digits).padStart(2, "0")}${bban}`;
}

/**
 * A password hash in the app's format (lib/password.ts) at a low scrypt cost, as an account made
 * under an older cost would hold: checked by the real verifyPassword, without its 128 MiB per try.
 */
function cheapHash(password: string): string {
  const params = { N: 2 ** 10, r: 8, p: 1 };
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

const byteSource = (text: string) =>
  (async function* () {
    yield new TextEncoder().encode(text);
  })();

export type World = Awaited<ReturnType<typeof buildWorld>>;

/**
 * Company A (one user per role) with a manual journal and lines, a connection to Sandbox Bank through
 * GoCardless whose accounts feed journals, a spare journal, and company B with its own admin; the
 * special sandbox banks in the catalog. The app's getDb() and job queue are this database's.
 */
export async function buildWorld(database: Database & { url?: string }) {
  const db: Db = database.db;
  process_[DATABASE_KEY] = { database, ready: Promise.resolve() };
  // Adapters keep provider tokens: a previous database's sandbox issued them.
  delete process_[ADAPTERS_KEY];
  const boss = await queueWithoutWorkers(database);
  process_[JOBS_KEY] = Promise.resolve(boss);
  setSandboxClockOffset((await getState(db)).clockOffsetMs);

  const a: Company = await companyWithUsers(db, "Company A");
  const b: Company = await companyWithUsers(db, "Company B");
  const emails = new Map(
    (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [a.viewer, a.accountant, a.admin, b.admin].map((x) => x.userId)))).map((u) => [u.id, u.email]),
  );
  const actors: Record<Exclude<Caller, "anonymous">, Actor> = { viewerA: a.viewer, accountantA: a.accountant, adminA: a.admin, adminB: b.admin };
  const actor = (caller: Caller): Actor | null => (caller === "anonymous" ? null : actors[caller]);
  /** The actor a setup step acts as for this caller: the caller when it may write in A, else A's admin. */
  const writerFor = (caller: Caller): Actor => (caller === "accountantA" || caller === "adminA" ? actors[caller] : a.admin);

  await catalogOfSandboxBanks(db, providerAdapters());
  const bankRows = await db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .innerJoin(institutionProviders, eq(institutionProviders.institutionId, institutions.id))
    .where(and(like(institutions.name, "Sandbox %"), eq(institutionProviders.provider, PROVIDER)));
  const bank = (name: string) => {
    const row = bankRows.find((r) => r.name === name);
    if (!row) throw new Error(`no ${name} in the catalog`);
    return { institutionId: row.id, provider: PROVIDER };
  };

  const journalIban = belgianIban(1_000_001);
  const { journalId: journal } = await addManualBankAccount(db, a.admin, { accountNumber: journalIban });
  const { journalId: freeJournal } = await addManualBankAccount(db, a.admin, { accountNumber: belgianIban(1_000_002) });
  const ledgerAccount = (await listLedgerAccounts(db, a.viewer)).find((x) => x.code === "6000")!.id;
  let lineCount = 0;
  const line = async (overrides: { date?: string; amount?: string } = {}) =>
    (await addManualLine(db, a.admin, journal, { date: overrides.date ?? "2026-01-15", label: `Line ${++lineCount}`, amount: overrides.amount ?? `-${lineCount}.25` })).lineId;
  await line();
  await line();

  const deps = await connectDeps();
  /** "Connect" as `actor`: an attempt, and the provider's consent URL. */
  const start = async (actor: Actor, name: string) => {
    const started = await startConnection(deps, actor, { ...bank(name), psuType: null, journalId: null, appOrigin: APP_ORIGIN, language: "en" });
    if (!started.ok) throw new Error(`Connect refused: ${started.failure.message}`);
    return started;
  };
  /** "Connect" and the provider's pages answered: the callback's URL, not yet visited. */
  const consent = async (actor: Actor, name: string) => {
    const started = await start(actor, name);
    return { attemptId: started.attemptId, callback: await completeHostedConsent(started.url) };
  };
  /** Consent and callback: an authorized attempt and its connection, accounts not yet mapped. */
  const authorized = async (actor: Actor, name: string) => {
    const { attemptId, callback } = await consent(actor, name);
    const result = await completeConnection(deps, { provider: PROVIDER, query: callback.searchParams, userId: actor.userId });
    if (result.outcome !== "authorized") throw new Error(`not authorized: ${JSON.stringify(result)}`);
    const attempt = await getConnectionAttempt(db, actor, attemptId);
    return { attemptId, connectionId: attempt.connectionId!, accountIds: attempt.accounts.map((x) => x.id) };
  };

  const shared = await authorized(a.admin, "Sandbox Bank");
  const linked = await synchronizeAccounts(deps, a.admin, shared.attemptId, shared.accountIds.map((accountId) => ({ accountId, target: "new" as const })));
  const accounts = await db.select({ id: onlineAccounts.id, name: onlineAccounts.name, journalId: onlineAccounts.journalId }).from(onlineAccounts).where(eq(onlineAccounts.connectionId, linked.connectionId));
  const checking = accounts.find((x) => x.name === "Checking")!;
  const savings = accounts.find((x) => x.name === "Savings")!;

  /** Banks whose accounts no journal of A holds yet, for calls that map accounts to new journals. */
  const unlinkedBanks = ["Sandbox Expiring Bank", "Sandbox Flaky Bank", "Sandbox 90-Day Bank"];
  const daysAgo = (n: number) => isoDate(new Date(appClock.now().getTime() - n * 86_400_000));

  let files = 0;
  /** An OFX file of the manual journal's account, with a transaction no earlier file had. */
  const ofx = () =>
    ofxStatement({ version: "2", accountId: journalIban, currency: "EUR", transactions: [{ fitId: `F${++files}`, date: "2026-02-01", amount: "-10.00", name: "Fee" }] });

  const signInPassword = "correct horse battery staple";
  const [signInUser] = await db.insert(users).values({ email: "signs-in@company-a.test", passwordHash: cheapHash(signInPassword) }).returning({ id: users.id, email: users.email });

  return {
    db,
    a,
    b,
    actor,
    writerFor,
    /** The e-mail of a caller's user, for its session. */
    user: (caller: Caller) => {
      const who = actor(caller);
      return who ? { id: who.userId, email: emails.get(who.userId)! } : null;
    },
    signIn: { email: signInUser!.email, password: signInPassword },
    bank,
    daysAgo,
    /** A's manual EUR journal with lines, not synchronized. */
    journal,
    /** An EUR journal of A that no account feeds. */
    freeJournal,
    /** A's journal fed by the connection's "Checking" account. */
    syncedJournal: checking.journalId!,
    connection: linked.connectionId,
    account: { checking: checking.id, savings: savings.id },
    /** No run of the connection queued or running: "Fetch Transactions" then queues one. */
    async idleConnection(): Promise<void> {
      await stopIdleRun(await manageDeps(), linked.connectionId, message("SyncRuns.stoppedJournalChanged"), message("Connection.errors.busyJournal"));
    },
    /** A run of the connection queued (no worker takes it): its accounts show "waiting", which "Reset" clears. */
    async busyConnection(): Promise<void> {
      await fetchConnection(await syncRequestDeps(), a.admin, linked.connectionId);
    },
    async autoSync(): Promise<boolean> {
      const [row] = await db.select({ autoSync: connections.autoSync }).from(connections).where(eq(connections.id, linked.connectionId));
      return row!.autoSync;
    },
    async savingsJournal(): Promise<string | null> {
      const [row] = await db.select({ journalId: onlineAccounts.journalId }).from(onlineAccounts).where(eq(onlineAccounts.id, savings.id));
      return row!.journalId;
    },
    ledgerAccount,
    line,
    /** Two lines alike (same date, amount, currency): a duplicate group. */
    async lookAlikes(): Promise<string[]> {
      const date = "2026-01-20";
      return [await line({ date, amount: "-99.99" }), await line({ date, amount: "-99.99" })];
    },
    async reconciledLine(): Promise<string> {
      const id = await line();
      await reconcileLines(db, a.admin, journal, { lineIds: [id], accountId: ledgerAccount });
      return id;
    },
    /** A started attempt (the provider's pages not answered yet). */
    async attempt(actor: Actor): Promise<string> {
      return (await start(actor, "Sandbox Bank")).attemptId;
    },
    consent,
    authorized,
    /** An authorized attempt, ready for "Synchronize": at a bank no journal of A holds when the call will map its accounts. */
    async mappableAttempt(actor: Actor, mapsAccounts: boolean) {
      const name = mapsAccounts ? unlinkedBanks.shift() : "Sandbox Bank";
      if (!name) throw new Error("no unlinked sandbox bank left");
      return authorized(actor, name);
    },
    /** A connection of A of its own, to delete. */
    async spareConnection(): Promise<string> {
      return (await authorized(a.admin, "Sandbox 90-Day Bank")).connectionId;
    },
    ofx,
    /** A previewed (staged) statement file of the manual journal. */
    async stagedImport(): Promise<string> {
      const preview = await stageStatementFile(db, appClock, a.admin, journal, { fileName: "statement.ofx", format: "ofx", csvMapping: null, body: byteSource(ofx()) });
      return preview.importId;
    },
    /** A Find Missing Transactions answer for the synchronized journal, and one posted transaction of it. */
    async missingFetch(): Promise<{ fetchId: string; id: string }> {
      const found = await findMissingTransactions(deps, a.admin, checking.journalId!, daysAgo(5));
      const posted = found.transactions.find((t) => t.status === "posted");
      if (!posted) throw new Error("the sandbox listed no posted transaction");
      return { fetchId: found.fetchId, id: posted.id };
    },
    async close() {
      await boss.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
      delete process_[JOBS_KEY];
      delete process_[DATABASE_KEY];
      await database.close();
    },
  };
}

/**
 * The special sandbox banks GoCardless serves in Belgium (the ones these calls connect to), through
 * the catalog refresh and the provider's own listing, without the thousands of generated ones.
 */
async function catalogOfSandboxBanks(db: Db, adapters: ProviderAdapters): Promise<void> {
  const gocardless = adapters.gocardless;
  if (!gocardless) throw new Error("GoCardless is not enabled in sandbox mode");
  const special: ProviderAdapters = {
    gocardless: {
      ...gocardless,
      async listInstitutions() {
        return (await gocardless.listInstitutions("BE")).filter((institution) => institution.name.startsWith("Sandbox "));
      },
    },
  };
  await refreshCatalog(db, special, appClock);
}
