import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { searchInstitutions } from "@/lib/banksync/institutions";
import { allInstitutions } from "@/lib/sandbox/world";
import { fillCatalogFromWorld } from "@/test/catalog-fixture";
import { freshDatabase } from "@/test/databases";
import { percentiles, type Row } from "./measure";

/** What users type: a word, two words with a typo, a BIC, a prefix, and the word nearly every bank has. */
const queries = [
  { label: "word", query: "liege" },
  { label: "two words, typo", query: "sandbox bnak" },
  { label: "BIC", query: "SBXBBEBB" },
  { label: "prefix", query: "sandb" },
  { label: "common word", query: "bank" },
];

const LIMIT = 20;

/** The obvious first version: a substring test on the raw name, no index can help, alphabetical. */
function naiveSearch(database: Database, query: string) {
  return database.db.execute(sql`
    select id, name, country, bic, logo, status from institutions
    where delisted_at is null and (name ilike ${`%${query}%`} or bic ilike ${`%${query}%`})
    order by name limit ${LIMIT}`);
}

async function benchSize(driver: "pglite" | "postgres", copies: number): Promise<Row[]> {
  // A throwaway database per size (in memory, or created and dropped on DATABASE_URL's server): the bench
  // must not touch the catalog of a real installation.
  const database = await freshDatabase(driver);
  try {
    await fillCatalogFromWorld(database.db, { copies });
    await database.db.execute(sql`analyze institutions`);
    await database.db.execute(sql`analyze institution_providers`);
    const size = (allInstitutions().length * copies).toLocaleString("en");
    const rows: Row[] = [];
    for (const { label, query } of queries) {
      const ours = await percentiles(() => searchInstitutions(database.db, { query, country: null, limit: LIMIT }));
      const naive = await percentiles(() => naiveSearch(database, query));
      const name = `institution search, ${label} "${query}", ${size} (${driver})`;
      rows.push({ name: `${name} median`, baseline: naive.median, measured: ours.median, unit: "ms", note: "trigram search vs naive ILIKE '%q%' on name" });
      rows.push({ name: `${name} p95`, baseline: naive.p95, measured: ours.p95, unit: "ms", note: "goal: p95 < 20 ms at 26,000" });
    }
    return rows;
  } finally {
    await database.close();
  }
}

/**
 * Median and p95 of `searchInstitutions` (what the search route calls) over the whole sandbox catalog
 * and over ten times it, against the same queries done naively on the same data. All countries: the
 * widest search the dialog can ask.
 */
export async function benchInstitutionSearch(driver: "pglite" | "postgres"): Promise<Row[]> {
  return [...(await benchSize(driver, 1)), ...(await benchSize(driver, 10))];
}
