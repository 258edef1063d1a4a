import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/db/client";
import { institutionProviders, institutions } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { fillCatalogFromWorld } from "@/test/catalog-fixture";
import { listCatalogCountries, plainMatches, searchInstitutions, typoMatches } from "./institutions";
import { foldForSearch } from "./search-text";

async function plan(db: Db, query: SQLWrapper): Promise<string> {
  const result: unknown = await db.execute(sql`explain ${query}`);
  // PGlite answers { rows }, postgres-js an array of rows.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
  return rows.map((r) => Object.values(r)[0]).join("\n");
}

describe.each(drivers)("searchInstitutions on %s", (driver) => {
  let database: Database;
  let ids: Map<string, string>;
  const search = (query: string, country: string | null = null, limit?: number) => searchInstitutions(database.db, { query, country, limit });

  beforeAll(async () => {
    database = await freshDatabase(driver);
    ids = await fillCatalogFromWorld(database.db);
    await database.db.execute(sql`analyze institutions`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("tolerates a typo: “sandbox bnak” finds Sandbox Bank first", async () => {
    expect((await search("sandbox bnak"))[0]?.name).toBe("Sandbox Bank");
    const inBelgium = await search("Sandbox Bnak", "BE");
    expect(inBelgium[0]?.name).toBe("Sandbox Bank");
    expect(inBelgium.map((i) => i.name)).toContain("Sandbox Beta Bank");
  });

  it("finds names by a word prefix, whatever the case", async () => {
    const found = await search("SANDB", null, 50);
    expect(found.map((i) => i.name)).toEqual(expect.arrayContaining(["Sandbox Bank", "Sandbox US Bank", "Sandbox Beta Bank"]));
    expect(found).toHaveLength(12);
  });

  it("finds an institution by its BIC, in any case, before anything else", async () => {
    expect((await search("SBXBBEBB"))[0]?.name).toBe("Sandbox Bank");
    expect((await search("sbxbbebb", "BE"))[0]?.name).toBe("Sandbox Bank");
  });

  it("ignores accents and case: “liege” finds names with “Liège”", async () => {
    const found = await search("liege", null, 50);
    expect(found).toHaveLength(50);
    expect(found.every((i) => foldForSearch(i.name).includes("liege"))).toBe(true);
    expect(found.some((i) => i.name.includes("Liège"))).toBe(true);
    expect((await search("LIÈGE", null, 50)).map((i) => i.id)).toEqual(found.map((i) => i.id));
  });

  it("ranks a name that starts with the query before names that only contain its words", async () => {
    const found = await search("sandbox bank", "BE");
    expect(found[0]?.name).toBe("Sandbox Bank");
    expect(found.slice(1).every((i) => i.name.startsWith("Sandbox "))).toBe(true);
  });

  it("filters by country, null meaning every country", async () => {
    expect((await search("sandbox us bank", "US")).map((i) => i.name)).toContain("Sandbox US Bank");
    expect((await search("sandbox us bank", "BE")).map((i) => i.name)).not.toContain("Sandbox US Bank");
    expect((await search("sandbox us bank")).map((i) => i.name)).toContain("Sandbox US Bank");
    expect((await search("bank", "DE")).every((i) => i.country === "DE")).toBe(true);
  });

  it("lists a country's institutions alphabetically for an empty query", async () => {
    const found = await search("  ", "BE", 30);
    expect(found).toHaveLength(30);
    expect(found.every((i) => i.country === "BE")).toBe(true);
    // Alphabetical case and accents aside: "Córdoba" with "Cordoba".
    const names = found.map((i) => foldForSearch(i.name));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("gives the providers default first, with their names, history and account types", async () => {
    const [bank] = await search("SBXBBEBB");
    expect(bank).toMatchObject({ id: ids.get("sandbox-bank"), country: "BE", bic: "SBXBBEBB", beta: false });
    expect(bank?.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(bank?.providers).toEqual([
      { provider: "gocardless", name: "GoCardless", historyDays: 730, psuTypes: ["personal", "business"], autoFetch: true },
      { provider: "saltedge", name: "Salt Edge", historyDays: 730, psuTypes: ["personal", "business"], autoFetch: true },
      { provider: "enablebanking", name: "Enable Banking", historyDays: 730, psuTypes: ["personal", "business"], autoFetch: true },
    ]);
    expect((await search("Sandbox Manual Bank"))[0]?.providers).toEqual([
      { provider: "saltedge", name: "Salt Edge", historyDays: 730, psuTypes: ["personal", "business"], autoFetch: false },
    ]);
  });

  it("marks beta institutions", async () => {
    const [beta] = await search("Sandbox Beta Bank");
    expect(beta).toMatchObject({ name: "Sandbox Beta Bank", beta: true });
  });

  it("hides delisted institutions and delisted provider rows", async () => {
    const sandboxBank = ids.get("sandbox-bank")!;
    const betaBank = ids.get("sandbox-beta-bank")!;
    await database.db.update(institutions).set({ delistedAt: new Date() }).where(eq(institutions.id, betaBank));
    await database.db
      .update(institutionProviders)
      .set({ delistedAt: new Date() })
      .where(and(eq(institutionProviders.institutionId, sandboxBank), eq(institutionProviders.provider, "gocardless")));
    try {
      expect((await search("sandbox", "BE", 50)).map((i) => i.name)).not.toContain("Sandbox Beta Bank");
      expect((await search("SBXTBEBB")).map((i) => i.name)).not.toContain("Sandbox Beta Bank");
      expect((await search("SBXBBEBB"))[0]?.providers.map((p) => p.provider)).toEqual(["saltedge", "enablebanking"]);
    } finally {
      await database.db.update(institutions).set({ delistedAt: null }).where(eq(institutions.id, betaBank));
      await database.db.update(institutionProviders).set({ delistedAt: null }).where(eq(institutionProviders.institutionId, sandboxBank));
    }
  });

  it("leaves out an institution whose every provider row is delisted", async () => {
    const flaky = ids.get("sandbox-flaky-bank")!;
    await database.db.update(institutionProviders).set({ delistedAt: new Date() }).where(eq(institutionProviders.institutionId, flaky));
    try {
      expect((await search("Sandbox Flaky Bank")).map((i) => i.name)).not.toContain("Sandbox Flaky Bank");
    } finally {
      await database.db.update(institutionProviders).set({ delistedAt: null }).where(eq(institutionProviders.institutionId, flaky));
    }
  });

  it("honours the limit", async () => {
    expect(await search("bank", null, 7)).toHaveLength(7);
    expect(await search("bank", null, 1_000)).toHaveLength(100);
  });

  it("lists the countries the catalog covers", async () => {
    const countries = await listCatalogCountries(database.db);
    expect(countries).toHaveLength(48);
    expect(countries).toEqual([...countries].sort());
    expect(countries).toEqual(expect.arrayContaining(["BE", "US", "DE"]));
  });

  it("asks the trigram index, not a scan of the catalog", async () => {
    const folded = foldForSearch("sandbox bnak");
    expect(await plan(database.db, plainMatches(database.db, folded, null, 20))).toContain("institutions_search_idx");
    expect(await plan(database.db, typoMatches(database.db, folded, null, 20))).toContain("institutions_search_idx");
    expect(await plan(database.db, plainMatches(database.db, "liege", "BE", 20))).toMatch(/institutions_(search|country)_idx/);
  });
});
