import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/db/client";
import { institutionProviders, institutions } from "@/db/schema";
import type { ProviderAdapter, ProviderInstitution } from "@/lib/banksync/providers/types";
import { fixedClock } from "@/lib/clock";
import { drivers, freshDatabase } from "@/test/databases";
import { openBoss } from "./boss";
import { catalogRefreshQueue, setUpCatalogRefresh } from "./catalog-refresh";

// pg-boss 12 declares Node >= 22.12; this suite is what shows it runs on the Node 20 we support.
describe(`pg-boss on PGlite (Node ${process.versions.node})`, () => {
  let database: Database;
  let boss: PgBoss;

  beforeAll(async () => {
    database = await freshDatabase("pglite");
    boss = openBoss(database.db, undefined);
    await boss.start();
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2000 });
    await database?.close();
  });

  it("works a job that was sent", async () => {
    await boss.createQueue("test-echo");
    const worked = new Promise<unknown>((resolve) => {
      void boss.work<{ text: string }>("test-echo", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job?.data);
        return { echoed: job?.data.text };
      });
    });
    const id = await boss.send("test-echo", { text: "hello" });
    expect(id).toBeTruthy();
    await expect(worked).resolves.toEqual({ text: "hello" });
    await expect.poll(async () => (await boss.findJobs("test-echo", { id: id! }))[0]?.state, { timeout: 10_000 }).toBe("completed");
  });

  it("refreshes an empty catalog on start and schedules the daily refresh", async () => {
    const listing: ProviderInstitution = {
      provider: "gocardless",
      externalId: "SANDBOX_BANK",
      name: "Sandbox Bank",
      country: "BE",
      bic: "SBXBBEBB",
      logo: null,
      historyDays: 730,
      consentDays: 90,
      autoFetch: true,
      refreshesPerDay: 4,
      mfa: false,
      beta: false,
      psuTypes: ["personal", "business"],
    };
    // A test double of the list only: the job, the queue and the database are real.
    const adapter = { id: "gocardless", listInstitutions: async () => [listing] } as unknown as ProviderAdapter;
    await setUpCatalogRefresh(boss, {
      db: database.db,
      adapters: () => ({ gocardless: adapter }),
      clock: fixedClock("2026-11-26T12:00:00Z"),
      initialDelaySeconds: 0,
    });
    await expect.poll(async () => (await database.db.select().from(institutions)).length, { timeout: 15_000, interval: 200 }).toBe(1);
    const [row] = await database.db.select().from(institutionProviders);
    expect(row).toMatchObject({ provider: "gocardless", externalId: "SANDBOX_BANK", rank: 0, historyDays: 730 });
    expect((await boss.getSchedules(catalogRefreshQueue)).map((s) => s.cron)).toEqual(["17 3 * * *"]);
  });
});

describe.each(drivers.filter((d) => d === "postgres"))("pg-boss on %s", (driver) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let boss: PgBoss;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    boss = openBoss(database.db, database.url);
    await boss.start();
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2000 });
    await database?.close();
  });

  it("works a job that was sent, through its own pool on the same database", async () => {
    await boss.createQueue("test-echo");
    const worked = new Promise<unknown>((resolve) => {
      void boss.work<{ text: string }>("test-echo", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job?.data);
      });
    });
    await boss.send("test-echo", { text: "over PostgreSQL" });
    await expect(worked).resolves.toEqual({ text: "over PostgreSQL" });
  });
});
