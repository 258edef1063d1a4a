import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { and, eq } from "drizzle-orm";
import { openPglite, type Database } from "@/db/client";
import { institutions, statementLines } from "@/db/schema";
import type { Actor } from "@/lib/banksync/actor";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { refreshCatalog } from "@/lib/banksync/catalog/refresh";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { completeConnection } from "@/lib/banksync/connect/complete";
import type { ConnectDeps } from "@/lib/banksync/connect/deps";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { startConnection } from "@/lib/banksync/connect/start";
import { buildProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ProviderAdapter } from "@/lib/banksync/providers/types";
import { runSync } from "@/lib/banksync/sync/run";
import { appClock } from "@/lib/clock";
import { companyWithUsers } from "@/test/fixtures";
import { freshDatabase, type Driver } from "@/test/databases";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer } from "@/test/sandbox-server";
import { child, lineStarting } from "./child";
import { sampleMemory, type Row } from "./measure";

/**
 * Import throughput of one first synchronization of a big account (fetch, normalize, dedup, insert),
 * against a bare multi-row INSERT of the same rows into the same database, and the peak memory of
 * the process doing it at two sizes: flat memory means pages are streamed, not accumulated.
 *
 * Three processes, so each figure is of one thing: the sandbox serves Enable Banking (pages of 100)
 * from its own process and database, as a real provider would; each size is synchronized by a fresh
 * process whose resident memory is then the synchronization's (and, on PGlite, its in-process database's).
 */

const SIZES = [20_000, 100_000] as const;
/** Sandbox Bank's accounts, one per size: each synchronization is a first one of its own journal. */
const ACCOUNTS = ["Savings", "Checking"] as const;
const BARE_CHUNK = 1_000;
const MEMORY_SAMPLE_MS = 20;
const APP_SECRET = "bench-app-secret-".padEnd(43, "x");

type Measurement = {
  imported: number;
  pages: number;
  syncMs: number;
  /** Time the synchronization spent waiting for the provider (HTTP, sandbox, normalizing). */
  providerMs: number;
  bareRows: number;
  bareMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
  peakHeapMb: number;
};


/** The app's database: PGlite in a folder on disk as installed by default, or a throwaway PostgreSQL database. */
async function appDatabase(driver: Driver): Promise<Database> {
  if (driver === "postgres") return freshDatabase("postgres");
  const dir = await mkdtemp(path.join(tmpdir(), "banksync-bench-"));
  const database = openPglite(dir);
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Enable Banking adapter, timing how long the synchronization waits on its pages and its balance. */
function timedAdapter(adapter: ProviderAdapter, timing: { providerMs: number; pages: number }): ProviderAdapter {
  return {
    ...adapter,
    async *fetchTransactions(secret, input) {
      const pages = adapter.fetchTransactions(secret, input);
      for (;;) {
        const start = performance.now();
        const next = await pages.next();
        timing.providerMs += performance.now() - start;
        if (next.done) return;
        timing.pages++;
        yield next.value;
      }
    },
    async getBalance(secret, accountExternalId) {
      const start = performance.now();
      try {
        return await adapter.getBalance(secret, accountExternalId);
      } finally {
        timing.providerMs += performance.now() - start;
      }
    },
  };
}

async function control(sandboxUrl: string, call: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sandboxUrl}/control/${call}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`control ${call} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Connects Sandbox Bank's `account` through Enable Banking into a new journal: the initial run is recorded, not queued. */
async function connect(deps: ConnectDeps, actor: Actor, account: string) {
  const eb = deps.adapters.enablebanking!;
  await refreshCatalog(deps.db, { enablebanking: { ...eb, listInstitutions: async () => (await eb.listInstitutions("BE")).filter((i) => i.name === "Sandbox Bank") } }, appClock);
  const [institution] = await deps.db.select({ id: institutions.id }).from(institutions).where(eq(institutions.name, "Sandbox Bank"));
  const started = await startConnection(deps, actor, {
    institutionId: institution!.id,
    provider: "enablebanking",
    psuType: null,
    journalId: null,
    appOrigin: "http://bench.test",
    language: "en",
  });
  if (!started.ok) throw new Error(`Connect refused: ${started.failure.message}`);
  const callback = await completeHostedConsent(started.url, { accounts: [account] });
  const completed = await completeConnection(deps, { provider: "enablebanking", query: callback.searchParams, userId: actor.userId });
  if (completed.outcome !== "authorized") throw new Error(`not authorized: ${JSON.stringify(completed)}`);
  const attempt = await getConnectionAttempt(deps.db, actor, started.attemptId);
  return synchronizeAccounts(deps, actor, started.attemptId, attempt.accounts.map((a) => ({ accountId: a.id, target: "new" as const })));
}

/** Child process: one first synchronization of `count` added transactions, then the bare INSERT of its rows. */
export async function measureImport(driver: Driver, sandboxUrl: string, account: string, count: number): Promise<Measurement> {
  const database = await appDatabase(driver);
  try {
    const { db } = database;
    const co = await companyWithUsers(db, "Bench Import");
    const timing = { providerMs: 0, pages: 0 };
    const adapters = buildProviderAdapters({}, sandboxUrl, { timeoutMs: 120_000 });
    const deps: ConnectDeps = { db, adapters, clock: appClock, appSecret: APP_SECRET, queue: { enqueue: async () => null, enqueueAll: async (jobs) => jobs.map(() => null), abandon: async () => {} } };
    await control(sandboxUrl, "bulk-transactions", { institution: "Sandbox Bank", account, count });
    const linked = await connect(deps, co.admin, account);

    // Both sizes start from a collected heap.
    const memory = sampleMemory(MEMORY_SAMPLE_MS);
    const start = performance.now();
    const result = await runSync({ db, adapters: { enablebanking: timedAdapter(adapters.enablebanking!, timing) }, clock: appClock, appSecret: APP_SECRET }, linked.runId);
    const syncMs = performance.now() - start;
    const peaks = memory.stop();
    if (result.status !== "succeeded") throw new Error(`the synchronization ${result.status}: ${result.error}`);

    // The same rows as the synchronization wrote, column for column, into a journal of their own.
    const rows = await db
      .select({
        companyId: statementLines.companyId,
        date: statementLines.date,
        amountMinor: statementLines.amountMinor,
        currency: statementLines.currency,
        label: statementLines.label,
        partnerName: statementLines.partnerName,
        counterpartAccount: statementLines.counterpartAccount,
        onlineTransactionId: statementLines.onlineTransactionId,
        onlineAccountId: statementLines.onlineAccountId,
        rawPayload: statementLines.rawPayload,
        source: statementLines.source,
        possibleDuplicate: statementLines.possibleDuplicate,
      })
      .from(statementLines)
      .where(and(eq(statementLines.journalId, linked.journalIds[0]!), eq(statementLines.source, "online")));
    const bare = await addManualBankAccount(db, co.admin, { accountNumber: "BENCH-BARE-1" });
    const bareStart = performance.now();
    for (let i = 0; i < rows.length; i += BARE_CHUNK) {
      await db.insert(statementLines).values(rows.slice(i, i + BARE_CHUNK).map((row) => ({ ...row, journalId: bare.journalId })));
    }
    const bareMs = performance.now() - bareStart;

    return {
      imported: result.counts.imported,
      pages: timing.pages,
      syncMs,
      providerMs: timing.providerMs,
      bareRows: rows.length,
      bareMs,
      ...peaks,
    };
  } finally {
    await database.close();
  }
}

/** Child process: the sandbox on its own database until the parent closes stdin. */
export async function serveSandbox(driver: Driver): Promise<void> {
  const server = await startSandboxServer(driver);
  process.stdout.write(`READY ${server.sandboxUrl}\n`);
  process.stdin.resume();
  await once(process.stdin, "end");
  await server.close();
}

async function measureInChild(driver: Driver, sandboxUrl: string, account: string, count: number): Promise<Measurement> {
  const args = [driver, sandboxUrl, account, count].map((a) => JSON.stringify(a)).join(", ");
  const { process: proc, lines } = child(import.meta.url, `const m = await bench.measureImport(${args}); process.stdout.write("RESULT " + JSON.stringify(m) + "\\n", () => process.exit(0));`);
  const [result] = await Promise.all([lineStarting(lines, "RESULT "), once(proc, "exit")]);
  return JSON.parse(result) as Measurement;
}

export async function benchImportThroughput(driver: Driver): Promise<Row[]> {
  const sandbox = child(import.meta.url, `await bench.serveSandbox(${JSON.stringify(driver)}); process.exit(0);`);
  try {
    const sandboxUrl = await lineStarting(sandbox.lines, "READY ");
    const measured: Measurement[] = [];
    for (const [i, count] of SIZES.entries()) measured.push(await measureInChild(driver, sandboxUrl, ACCOUNTS[i]!, count));
    const rows: Row[] = measured.map((m, i) => {
      const seconds = m.syncMs / 1000;
      return {
        name: `import throughput, ${SIZES[i]!.toLocaleString("en")} added (${driver})`,
        baseline: m.bareRows / (m.bareMs / 1000),
        measured: m.imported / seconds,
        unit: "tx/s",
        note:
          `first sync of ${m.imported.toLocaleString("en")} lines in ${m.pages} pages, ${seconds.toFixed(1)} s (provider ${(m.providerMs / 1000).toFixed(1)} s)` +
          ` vs bare INSERT, ${BARE_CHUNK} a statement; goal ≥ 0.5 on PostgreSQL`,
      };
    });
    const [small, large] = measured as [Measurement, Measurement];
    rows.push({
      name: `import peak RSS, ${SIZES[1].toLocaleString("en")} vs ${SIZES[0].toLocaleString("en")} (${driver})`,
      baseline: small.peakRssMb,
      measured: large.peakRssMb,
      unit: "MB",
      note:
        `RSS before the sync ${small.rssBeforeMb.toFixed(0)} / ${large.rssBeforeMb.toFixed(0)} MB, peak JS heap ${small.peakHeapMb.toFixed(0)} / ${large.peakHeapMb.toFixed(0)} MB;` +
        ` goal: flat (≈ 1.0×)`,
    });
    return rows;
  } finally {
    const exited = once(sandbox.process, "exit");
    sandbox.process.stdin!.end();
    if (sandbox.process.exitCode === null && sandbox.process.signalCode === null) await exited;
  }
}
