import { and, eq, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { connections, institutions, onlineAccounts, syncRuns } from "@/db/schema";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { appClock } from "@/lib/clock";
import { openBoss } from "@/lib/jobs/boss";
import { bossSyncQueue, createSyncQueue, syncQueueName } from "@/lib/jobs/sync-queue";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { queueDueRuns, requestRun, requestRuns, type RequestDeps } from "./requests";

/** Connections of which 40 are due; no worker runs, so the runs stay queued. */
const DUE = 40;

describe.each(drivers)("a scheduler tick over many connections on %s", (driver) => {
  let database: Database & { url?: string };
  let boss: PgBoss;
  let deps: RequestDeps;
  const ids: Record<"due" | "notDue" | "manualOnly" | "needsUser", string[]> = { due: [], notDue: [], manualOnly: [], needsUser: [] };

  beforeAll(async () => {
    database = await freshDatabase(driver);
    const db = database.db;
    boss = openBoss(db, database.url);
    await boss.start();
    await createSyncQueue(boss);
    deps = { db, clock: appClock, queue: bossSyncQueue(boss) };
    const co = await companyWithUsers(db, "Tick Co");
    const [institution] = await db.insert(institutions).values({ name: "Sandbox Bank", country: "BE", searchText: "sandbox bank" }).returning({ id: institutions.id });
    const hour = 3_600_000;
    type Kind = { kind: keyof typeof ids; nextRefreshAt: Date; autoSync?: boolean; state?: "action_required" };
    const kinds: Kind[] = [
      ...Array.from({ length: DUE }, (_, i) => ({ kind: "due" as const, nextRefreshAt: new Date(Date.now() - (i + 1) * hour) })),
      { kind: "notDue", nextRefreshAt: new Date(Date.now() + hour) },
      { kind: "manualOnly", nextRefreshAt: new Date(Date.now() - hour), autoSync: false },
      { kind: "needsUser", nextRefreshAt: new Date(Date.now() - hour), state: "action_required" },
    ];
    for (const [n, k] of kinds.entries()) {
      const [connection] = await db
        .insert(connections)
        .values({ companyId: co.companyId, institutionId: institution!.id, provider: "enablebanking", externalRef: `session-${n}`, clientId: `client-${n}`, secret: "sealed", nextRefreshAt: k.nextRefreshAt, autoSync: k.autoSync ?? true, state: k.state ?? "connected" })
        .returning({ id: connections.id });
      const { journalId } = await addManualBankAccount(db, co.admin, { accountNumber: `BE-TICK-${n}` });
      await db.insert(onlineAccounts).values({ companyId: co.companyId, connectionId: connection!.id, externalId: `acc-${n}`, name: "Checking", currency: "EUR", journalId });
      ids[k.kind].push(connection!.id);
    }
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
    await database?.close();
  });

  const jobsOf = async () =>
    (await database.db.execute(sql`select singleton_key, count(*)::int as jobs from pgboss.job where name = ${syncQueueName("enablebanking")} group by singleton_key`)) as unknown as
      | { rows: { singleton_key: string; jobs: number }[] }
      | { singleton_key: string; jobs: number }[];
  const rowsOf = <T>(result: { rows: T[] } | T[]) => (Array.isArray(result) ? result : result.rows);

  it("queues one run and one job for each due connection, one already waiting kept as it is", async () => {
    const clicked = await requestRun(deps, ids.due[7]!, "manual", null);
    const runs = await queueDueRuns(deps);
    expect(runs.map((r) => r.connectionId).sort()).toEqual([...ids.due].sort());
    expect(runs.find((r) => r.connectionId === ids.due[7])).toEqual({ runId: clicked.runId, connectionId: ids.due[7], alreadyActive: true });
    expect(runs.filter((r) => !r.alreadyActive)).toHaveLength(DUE - 1);

    const recorded = await database.db.select().from(syncRuns);
    expect(recorded).toHaveLength(DUE);
    expect(recorded.every((r) => r.status === "queued" && r.jobId !== null)).toBe(true);
    expect(recorded.filter((r) => r.trigger === "scheduled")).toHaveLength(DUE - 1);
    const jobs = rowsOf(await jobsOf());
    expect(jobs).toHaveLength(DUE);
    expect(jobs.every((j) => j.jobs === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.singleton_key))).toEqual(new Set(ids.due));
    const accounts = await database.db.select({ status: onlineAccounts.fetchingStatus }).from(onlineAccounts).where(eq(onlineAccounts.connectionId, ids.due[0]!));
    expect(accounts).toEqual([{ status: "waiting" }]);
  });

  it("asks again without queueing anything twice", async () => {
    const runs = await queueDueRuns(deps);
    expect(runs).toHaveLength(DUE);
    expect(runs.every((r) => r.alreadyActive)).toBe(true);
    expect(await database.db.select({ id: syncRuns.id }).from(syncRuns)).toHaveLength(DUE);
    expect(rowsOf(await jobsOf()).every((j) => j.jobs === 1)).toBe(true);
  });

  it("closes a run whose worker died and queues a new one for its connection", async () => {
    const [dead] = await database.db
      .update(syncRuns)
      .set({ status: "running", startedAt: new Date(Date.now() - 3_600_000), heartbeatAt: new Date(Date.now() - 3_600_000) })
      .where(eq(syncRuns.connectionId, ids.due[3]!))
      .returning({ id: syncRuns.id });
    const runs = await queueDueRuns(deps);
    const fresh = runs.find((r) => r.connectionId === ids.due[3]);
    expect(fresh?.alreadyActive).toBe(false);
    expect(fresh?.runId).not.toBe(dead!.id);
    const [closed] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, dead!.id));
    expect(closed).toMatchObject({ status: "failed", errorMessage: "The synchronization was interrupted (its worker stopped)." });
  });

  it("leaves out a connection whose run finished after the tick read it due", async () => {
    const connectionId = ids.due[5]!;
    // Its run finishes (the worker's last transaction) between the tick's read and its batch.
    await database.db.update(syncRuns).set({ status: "succeeded", finishedAt: new Date() }).where(and(eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ["queued", "running"])));
    await database.db.update(connections).set({ nextRefreshAt: new Date(Date.now() + 12 * 3_600_000) }).where(eq(connections.id, connectionId));
    expect(await requestRuns(deps, [connectionId], "scheduled", null, { onlyDue: true })).toEqual([]);
    expect(await database.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.connectionId, connectionId))).toEqual([{ status: "succeeded" }]);
    // A click is not a tick: it asks whether due or not.
    const clicked = await requestRun(deps, connectionId, "manual", null);
    expect(clicked.alreadyActive).toBe(false);
  });

  it("two ticks at once queue each due connection once", async () => {
    // Every run over, every connection due again.
    await database.db.update(syncRuns).set({ status: "succeeded", finishedAt: new Date() }).where(inArray(syncRuns.status, ["queued", "running"]));
    await database.db.update(connections).set({ nextRefreshAt: new Date(Date.now() - 3_600_000) }).where(inArray(connections.id, ids.due));
    const [first, second] = await Promise.all([queueDueRuns(deps), queueDueRuns(deps)]);
    expect(first!.length).toBe(DUE);
    expect(second!.length).toBe(DUE);
    const active = await database.db.select({ connectionId: syncRuns.connectionId }).from(syncRuns).where(eq(syncRuns.status, "queued"));
    expect(active.map((r) => r.connectionId).sort()).toEqual([...ids.due].sort());
    expect([...first!, ...second!].filter((r) => !r.alreadyActive)).toHaveLength(DUE);
  });
});
