import type { PgBoss } from "pg-boss";
import { companyWithUsers } from "@/test/fixtures";
import { completeHostedConsent, type ConsentChoices } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import type { Driver } from "@/test/databases";
import { eq } from "drizzle-orm";
import { institutions, onlineAccounts } from "@/db/schema";
import type { Database, Db } from "@/db/client";
import { institutionByName } from "@/lib/sandbox/world";
import type { Actor } from "@/lib/banksync/actor";
import { completeConnection, type CallbackResult } from "@/lib/banksync/connect/complete";
import type { ConnectDeps } from "@/lib/banksync/connect/deps";
import { startConnection } from "@/lib/banksync/connect/start";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { registerScheduledSyncTick } from "@/lib/sandbox/control";
import { runSchedulerTick, startSyncWorkers, type SyncWorkerDeps } from "@/lib/jobs/sync-worker";
import { refreshCatalog } from "@/lib/banksync/catalog/refresh";
import { buildProviderAdapters, type ProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { appClock, setSandboxClockOffset, type Clock } from "@/lib/clock";
import { getState } from "@/lib/sandbox/store";
import { openBoss } from "@/lib/jobs/boss";
import { bossSyncQueue, createSyncQueue } from "@/lib/jobs/sync-queue";

export const APP_ORIGIN = "http://app.test";
export const TEST_SECRET = "test-app-secret-".padEnd(43, "x");

export type ConnectHarness = {
  server: SandboxServer;
  deps: ConnectDeps;
  boss: PgBoss;
  co: Awaited<ReturnType<typeof companyWithUsers>>;
  /** Catalog institution ids by world key ("sandbox-bank"). */
  institutionIds: Map<string, string>;
  /** "Connect" then the provider's pages: the callback's query, unless the flow was cancelled before. */
  consent(actor: Actor, key: string, provider: ProviderId, choices?: ConsentChoices & { journalId?: string }): Promise<{ attemptId: string; callback: URL }>;
  /** Connect with the sandbox's defaults and map every account to a new journal: the initial run is queued. */
  connectAll(actor: Actor, key: string, provider: ProviderId): Promise<{ connectionId: string; runId: string; journals: Map<string, string> }>;
  /** Starts this process's synchronization workers on the harness's queue (no scheduler cron). */
  startWorkers(): Promise<void>;
  /** The callback route as the signed-in `userId` reaches it. */
  callback(provider: string, query: URLSearchParams, userId: string | null, clock?: Clock): Promise<CallbackResult>;
  close(): Promise<void>;
};

/**
 * The sandbox on real HTTP, a company with one user per role, the special sandbox institutions in the
 * catalog, every adapter, and a real pg-boss queue on the same database: connecting end to end
 * without the browser. `database` (migrated) instead of a fresh one: close() closes it.
 */
export async function startConnectHarness(driver: Driver, database?: Database & { url?: string }): Promise<ConnectHarness> {
  const server = await startSandboxServer(driver, database);
  const db = server.database.db;
  // The app clock follows this sandbox's world (a previous harness in the process may have moved it).
  setSandboxClockOffset((await getState(db)).clockOffsetMs);
  const co = await companyWithUsers(db, "Connect Co");
  const boss = openBoss(db, (server.database as { url?: string }).url);
  await boss.start();
  await createSyncQueue(boss);
  const adapters = buildProviderAdapters({}, server.sandboxUrl, { sleep: async () => {}, timeoutMs: 10_000 });
  const institutionIds = await catalogOfSpecialBanks(db, adapters);
  const deps: ConnectDeps = { db, adapters, clock: appClock, appSecret: TEST_SECRET, queue: bossSyncQueue(boss) };
  const consent: ConnectHarness["consent"] = async (actor, key, provider, choices = {}) => {
    const institutionId = institutionIds.get(key);
    if (!institutionId) throw new Error(`no catalog institution ${key}`);
    const started = await startConnection(deps, actor, {
      institutionId,
      provider,
      psuType: null,
      journalId: choices.journalId ?? null,
      appOrigin: APP_ORIGIN,
      language: "en",
    });
    if (!started.ok) throw new Error(`Connect refused: ${started.failure.message}`);
    return { attemptId: started.attemptId, callback: await completeHostedConsent(started.url, choices) };
  };
  return {
    server,
    deps,
    boss,
    co,
    institutionIds,
    consent,
    async connectAll(actor, key, provider) {
      const { attemptId, callback } = await consent(actor, key, provider);
      const result = await completeConnection(deps, { provider, query: callback.searchParams, userId: actor.userId });
      if (result.outcome !== "authorized") throw new Error(`not authorized: ${JSON.stringify(result)}`);
      const attempt = await getConnectionAttempt(db, actor, attemptId);
      const linked = await synchronizeAccounts(deps, actor, attemptId, attempt.accounts.map((a) => ({ accountId: a.id, target: a.mapping.proposed === "skip" ? "new" : a.mapping.proposed })));
      const rows = await db.select({ name: onlineAccounts.name, journalId: onlineAccounts.journalId }).from(onlineAccounts).where(eq(onlineAccounts.connectionId, linked.connectionId));
      const journals = new Map(rows.map((r) => [r.name, r.journalId!]));
      return { connectionId: linked.connectionId, runId: linked.runId, journals };
    },
    async startWorkers() {
      const workerDeps: SyncWorkerDeps = { ...deps, heartbeatMs: 500 };
      await startSyncWorkers(boss, workerDeps, { scheduler: false });
      registerScheduledSyncTick(() => runSchedulerTick(workerDeps, 120_000));
    },
    callback(provider, query, userId, clock = appClock) {
      return completeConnection({ ...deps, clock }, { provider, query, userId });
    },
    async close() {
      await boss.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
      await server.close();
    },
  };
}

/**
 * The special sandbox banks in the catalog, through the catalog refresh and the providers' own
 * listings (so every external id is the provider's), without the 26,000 generated ones.
 */
async function catalogOfSpecialBanks(db: Db, adapters: ProviderAdapters): Promise<Map<string, string>> {
  const special: ProviderAdapters = {};
  for (const adapter of Object.values(adapters)) {
    special[adapter.id] = {
      ...adapter,
      async listInstitutions() {
        const listed = [...(await adapter.listInstitutions("BE")), ...(await adapter.listInstitutions("US"))];
        return listed.filter((institution) => institution.name.startsWith("Sandbox "));
      },
    };
  }
  await refreshCatalog(db, special, appClock);
  const rows = await db.select({ id: institutions.id, name: institutions.name }).from(institutions);
  return new Map(rows.map((row) => [institutionByName(row.name)?.key ?? row.name, row.id]));
}
