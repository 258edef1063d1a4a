import { eq } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import * as schema from "@/db/schema";
import { onlineAccounts, syncRuns } from "@/db/schema";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { appClock } from "@/lib/clock";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { waitForRun } from "@/test/runs";
import { runSync } from "./run";

/**
 * The same database through a second drizzle handle that counts what the engine sends: every
 * statement it composes, and BEGIN and COMMIT around each transaction (which the drivers send
 * themselves). What a scheduled synchronization costs the database, per connection.
 */
function counting(database: Database): { db: Db; count: () => number } {
  let statements = 0;
  const logger = { logQuery: () => void statements++ };
  const client = (database.db as unknown as { $client: never }).$client;
  const db = (database.driver === "postgres" ? drizzlePostgres({ client, schema, logger }) : drizzlePglite({ client, schema, logger })) as unknown as Db;
  const transaction = db.transaction.bind(db);
  db.transaction = ((work, config) => {
    statements += 2;
    return transaction(work, config);
  }) as Db["transaction"];
  return { db, count: () => statements };
}

/**
 * Statements of one scheduled synchronization a day after the first, with one new transaction per
 * account: the bounds hold what the engine needs now (a page written in one transaction with its
 * progress, pages with nothing to write skipped, the link checked in one statement), so a change
 * that brings back a statement per page or per account shows here. Before these changes (the same
 * scenario): GoCardless 64, Salt Edge 148, Enable Banking 64, Plaid 48.
 */
const cases: { provider: ProviderId; bank: string; accounts: number; atMost: number }[] = [
  { provider: "gocardless", bank: "sandbox-bank", accounts: 3, atMost: 36 },
  { provider: "saltedge", bank: "sandbox-bank", accounts: 3, atMost: 36 },
  { provider: "enablebanking", bank: "sandbox-bank", accounts: 3, atMost: 36 },
  { provider: "plaid", bank: "sandbox-us-bank", accounts: 2, atMost: 29 },
];

describe.each(drivers)("the statements of a scheduled synchronization on %s", (driver) => {
  let h: ConnectHarness;
  const connected = new Map<ProviderId, { connectionId: string; companyId: string }>();

  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
    for (const { provider, bank } of cases) {
      const co = await companyWithUsers(h.deps.db, `Statements ${provider}`);
      const { connectionId, runId } = await h.connectAll(co.admin, bank, provider);
      expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded" });
      connected.set(provider, { connectionId, companyId: co.companyId });
    }
    // A day later: one new posted transaction per account.
    await h.server.control("clock", { advanceHours: 24 });
  });
  afterAll(() => h?.close());

  it.each(cases)("$provider: at most $atMost statements, the new transaction of each account imported", async ({ provider, accounts, atMost }) => {
    const { connectionId, companyId } = connected.get(provider)!;
    // Queued here and run here, with the counting handle: the workers never see it.
    const [queued] = await h.deps.db
      .insert(syncRuns)
      .values({ companyId, connectionId, trigger: "scheduled", status: "queued", requestedBy: null, queuedAt: appClock.now() })
      .returning({ id: syncRuns.id });
    const counted = counting(h.server.database);
    await h.server.control("stats", { reset: true });
    const result = await runSync({ ...h.deps, db: counted.db }, queued!.id);
    const { providers } = (await h.server.control("stats")) as { providers: Record<string, { calls: number }> };

    expect(result).toMatchObject({ status: "succeeded", counts: { imported: accounts } });
    const linked = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    expect(linked.map((a) => [a.fetchingStatus, a.lastRunImported])).toEqual(linked.map(() => ["idle", 1]));
    expect(counted.count(), `${provider}: ${counted.count()} statements, ${providers[provider]!.calls} provider calls`).toBeLessThanOrEqual(atMost);
  });
});
