import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { institutionProviders, institutions } from "@/db/schema";
import { buildProviderAdapters, type ProviderAdapters } from "@/lib/banksync/providers/registry";
import type { ProviderAdapter, ProviderId } from "@/lib/banksync/providers/types";
import { fixedClock } from "@/lib/clock";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { refreshCatalog } from "./refresh";

/** The real adapter, except that its institution list leaves out some names: a test double of the list only. */
function listingWithout(adapter: ProviderAdapter, names: string[]): ProviderAdapter {
  return {
    id: adapter.id,
    listInstitutions: async (country) => (await adapter.listInstitutions(country)).filter((i) => !names.includes(i.name)),
    startAuthorization: (input) => adapter.startAuthorization(input),
    completeAuthorization: (pending, callback) => adapter.completeAuthorization(pending, callback),
    listAccounts: (secret) => adapter.listAccounts(secret),
    getBalance: (secret, account) => adapter.getBalance(secret, account),
    fetchTransactions: (secret, input) => adapter.fetchTransactions(secret, input),
    revoke: (secret) => adapter.revoke(secret),
  };
}

/** Each test refreshes the whole catalog (about 27,000 banks) over HTTP: seconds, more on a busy machine. */
const SLOW = 240_000;

describe("refreshCatalog against the sandbox over HTTP", () => {
  let server: SandboxServer;
  let adapters: ProviderAdapters;

  beforeAll(async () => {
    server = await startSandboxServer();
    // In sandbox mode with an empty environment every provider is enabled, as the app builds them.
    adapters = buildProviderAdapters({}, server.sandboxUrl, { sleep: async () => {} });
  });

  afterAll(async () => {
    await server?.close();
  });

  const db = () => server.database.db;

  /** The control API, once more on a dropped keep-alive connection (the server idles while the refresh writes). */
  async function control(call: string, body: unknown) {
    try {
      return await server.control(call, body);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return server.control(call, body);
    }
  }

  async function bank(name: string) {
    const [row] = await db().select().from(institutions).where(eq(institutions.name, name));
    if (!row) throw new Error(`${name} is not in the catalog`);
    const providers = await db()
      .select()
      .from(institutionProviders)
      .where(eq(institutionProviders.institutionId, row.id))
      .orderBy(institutionProviders.rank);
    return { ...row, providers };
  }

  async function lastUpdate() {
    const [i] = await db().select({ at: sql<string>`max(${institutions.updatedAt})::text` }).from(institutions);
    const [p] = await db().select({ at: sql<string>`max(${institutionProviders.updatedAt})::text` }).from(institutionProviders);
    return { institutions: i?.at, providers: p?.at };
  }

  it("builds every provider's adapter in sandbox mode", () => {
    expect(Object.keys(adapters).sort()).toEqual(["enablebanking", "gocardless", "plaid", "saltedge"]);
  });

  it("first run: inserts the whole catalog, Sandbox Bank with its three providers in order", async () => {
    const result = await refreshCatalog(db(), adapters, fixedClock("2026-11-26T10:00:00Z"));
    expect(result.failures).toEqual([]);
    expect(result.inserted).toBeGreaterThanOrEqual(26_000);
    expect(result).toMatchObject({ updated: 0, unchanged: 0, delisted: 0 });

    const [stats] = await db()
      .select({ banks: sql<number>`count(*)::int`, countries: sql<number>`count(distinct ${institutions.country})::int` })
      .from(institutions);
    expect(stats!.banks).toBe(result.inserted);
    expect(stats!.countries).toBeGreaterThanOrEqual(40);

    const sandboxBank = await bank("Sandbox Bank");
    expect(sandboxBank).toMatchObject({ country: "BE", bic: "SBXBBEBB", status: "stable", delistedAt: null });
    expect(sandboxBank.searchText).toBe("sandbox bank sbxbbebb");
    expect(sandboxBank.providers.map((p) => [p.provider, p.rank, p.historyDays])).toEqual([
      ["gocardless", 0, 730],
      ["saltedge", 1, 730],
      ["enablebanking", 2, 730],
    ]);
    expect((await bank("Sandbox Beta Bank")).status).toBe("beta");
    expect((await bank("Sandbox US Bank")).providers.map((p) => p.provider)).toEqual(["plaid"]);
    expect((await bank("Sandbox 90-Day Bank")).providers.map((p) => p.historyDays)).toEqual([90]);
  }, SLOW);

  it("second run: changes nothing, not even updated_at", async () => {
    const before = await lastUpdate();
    const result = await refreshCatalog(db(), adapters, fixedClock("2026-11-27T10:00:00Z"));
    expect(result).toMatchObject({ inserted: 0, updated: 0, delisted: 0, failures: [] });
    expect(result.providerRows).toMatchObject({ inserted: 0, updated: 0, delisted: 0 });
    expect(result.unchanged).toBeGreaterThanOrEqual(26_000);
    expect(await lastUpdate()).toEqual(before);
  }, SLOW);

  it("a provider that stops listing a bank delists its row, and the bank when no provider lists it; re-listing clears both", async () => {
    const filtered: ProviderAdapters = {
      ...adapters,
      saltedge: listingWithout(adapters.saltedge!, ["Sandbox Bank"]),
      gocardless: listingWithout(adapters.gocardless!, ["Sandbox 90-Day Bank"]),
    };
    const result = await refreshCatalog(db(), filtered, fixedClock("2026-11-28T10:00:00Z"));
    expect(result).toMatchObject({ inserted: 0, delisted: 1, failures: [] });

    const sandboxBank = await bank("Sandbox Bank");
    expect(sandboxBank.delistedAt).toBeNull();
    const saltedge = sandboxBank.providers.find((p) => p.provider === "saltedge");
    expect(saltedge?.delistedAt?.toISOString()).toBe("2026-11-28T10:00:00.000Z");
    const listed = sandboxBank.providers.filter((p) => p.delistedAt === null);
    expect(listed.map((p) => [p.provider, p.rank])).toEqual([
      ["gocardless", 0],
      ["enablebanking", 1],
    ]);

    const ninetyDay = await bank("Sandbox 90-Day Bank");
    expect(ninetyDay.delistedAt?.toISOString()).toBe("2026-11-28T10:00:00.000Z");
    expect(ninetyDay.providers.every((p) => p.delistedAt !== null)).toBe(true);

    const relisted = await refreshCatalog(db(), adapters, fixedClock("2026-11-29T10:00:00Z"));
    expect(relisted).toMatchObject({ inserted: 0, delisted: 0, updated: 2, failures: [] });
    expect((await bank("Sandbox Bank")).providers.map((p) => [p.provider, p.rank, p.delistedAt])).toEqual([
      ["gocardless", 0, null],
      ["saltedge", 1, null],
      ["enablebanking", 2, null],
    ]);
    expect((await bank("Sandbox 90-Day Bank")).delistedAt).toBeNull();
  }, SLOW);

  it("a provider that fails is reported and its rows stay listed while the others refresh", async () => {
    const provider: ProviderId = "enablebanking";
    const listedRows = async () =>
      (
        await db()
          .select({ n: sql<number>`count(*)::int` })
          .from(institutionProviders)
          .where(and(eq(institutionProviders.provider, provider), isNull(institutionProviders.delistedAt)))
      )[0]!.n;
    const before = await listedRows();
    expect(before).toBeGreaterThan(0);

    await control("faults", { provider, mode: "http500", count: 10_000 });
    try {
      const result = await refreshCatalog(db(), adapters, fixedClock("2026-11-30T10:00:00Z"));
      expect(result.failures.map((f) => [f.provider, f.kind])).toEqual([[provider, "transient"]]);
      expect(result.listed[provider]).toBeUndefined();
      expect(result.listed.gocardless).toBeGreaterThan(0);
      // Its banks keep their rows and its place in their order: nothing to update.
      expect(result).toMatchObject({ inserted: 0, updated: 0, delisted: 0 });
    } finally {
      await control("faults", { provider, mode: "http500", count: 0 });
    }
    expect(await listedRows()).toBe(before);
    const delisted = await db().select({ id: institutions.id }).from(institutions).where(isNotNull(institutions.delistedAt));
    expect(delisted).toEqual([]);
  }, SLOW);
});
