import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { institutionProviders, institutions } from "@/db/schema";
import { institutionSearchText } from "@/lib/banksync/search-text";
import { allInstitutions, providerIdFor, type WorldInstitution } from "@/lib/sandbox/world";

type InstitutionRow = typeof institutions.$inferInsert;
type ProviderRow = typeof institutionProviders.$inferInsert;

/** Rows per insert statement. */
const CHUNK = 5_000;

/**
 * Fills the catalog tables from the sandbox world, as the catalog job would, for tests and benchmarks:
 * one institution per world institution, one provider row per entry of its `providers` (rank = index).
 * `copies` > 1 repeats the world with suffixed names and BICs (copy 2 of "Sandbox Bank" is
 * "Sandbox Bank R2", BIC "SBXBBEBBR02"), to measure search on a catalog ten times the size.
 * `only` keeps the institutions a test needs. Returns the institution ids by world key (copy 1 only).
 */
export async function fillCatalogFromWorld(
  db: Db,
  options: { copies?: number; only?: (institution: WorldInstitution) => boolean } = {},
): Promise<Map<string, string>> {
  const copies = options.copies ?? 1;
  const ids = new Map<string, string>();
  const world = options.only ? allInstitutions().filter(options.only) : allInstitutions();
  // Building the trigram index once over the loaded rows is several times faster than growing it row by
  // row; its definition is read back from the database so this helper never drifts from the migration.
  const [index] = resultRows<{ indexdef: string }>(await db.execute(sql`select indexdef from pg_indexes where indexname = 'institutions_search_idx'`));
  if (index) await db.execute(sql`drop index institutions_search_idx`);
  for (let copy = 1; copy <= copies; copy++) {
    const rows: InstitutionRow[] = [];
    const providerRows: ProviderRow[] = [];
    for (const institution of world) {
      const id = randomUUID();
      if (copy === 1) ids.set(institution.key, id);
      const name = copy === 1 ? institution.name : `${institution.name} R${copy}`;
      const bic = copy === 1 ? institution.bic : `${institution.bic.slice(0, 8)}R${String(copy).padStart(2, "0")}`;
      rows.push({
        id,
        name,
        country: institution.country,
        bic,
        logo: institution.logo,
        status: institution.beta ? "beta" : "stable",
        searchText: institutionSearchText(name, bic),
      });
      institution.providers.forEach((provider, rank) => providerRows.push(providerRow(id, institution, provider, rank, copy)));
    }
    for (let i = 0; i < rows.length; i += CHUNK) await insertInstitutions(db, rows.slice(i, i + CHUNK));
    for (let i = 0; i < providerRows.length; i += CHUNK) await insertProviders(db, providerRows.slice(i, i + CHUNK));
  }
  if (index) await db.execute(sql.raw(index.indexdef));
  return ids;
}

/** PGlite answers `{ rows }`, postgres-js an array of rows. */
function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// One JSON parameter per chunk: binding thousands of parameters one by one is what makes bulk inserts slow.
async function insertInstitutions(db: Db, rows: InstitutionRow[]) {
  await db.execute(sql`
    insert into institutions (id, name, country, bic, logo, status, search_text)
    select id, name, country, bic, logo, status::institution_status, search_text
    from json_to_recordset(${JSON.stringify(rows.map((r) => ({ ...r, search_text: r.searchText })))}::json)
      as r(id uuid, name text, country text, bic text, logo text, status text, search_text text)`);
}

async function insertProviders(db: Db, rows: ProviderRow[]) {
  const json = rows.map((r) => ({
    institution_id: r.institutionId,
    provider: r.provider,
    external_id: r.externalId,
    history_days: r.historyDays,
    consent_days: r.consentDays,
    auto_fetch: r.autoFetch,
    refreshes_per_day: r.refreshesPerDay,
    mfa: r.mfa,
    beta: r.beta,
    psu_types: r.psuTypes,
    rank: r.rank,
  }));
  await db.execute(sql`
    insert into institution_providers (institution_id, provider, external_id, history_days, consent_days, auto_fetch, refreshes_per_day, mfa, beta, psu_types, rank)
    select institution_id, provider, external_id, history_days, consent_days, auto_fetch, refreshes_per_day, mfa, beta, psu_types, rank
    from json_to_recordset(${JSON.stringify(json)}::json)
      as r(institution_id uuid, provider text, external_id text, history_days int, consent_days int, auto_fetch boolean,
           refreshes_per_day int, mfa boolean, beta boolean, psu_types text[], rank int)`);
}

function providerRow(institutionId: string, institution: WorldInstitution, provider: WorldInstitution["providers"][number], rank: number, copy: number): ProviderRow {
  const externalId = providerIdFor(provider, institution.key);
  return {
    institutionId,
    provider,
    externalId: copy === 1 ? externalId : `${externalId}-r${copy}`,
    historyDays: institution.historyDays,
    consentDays: institution.consentDays,
    autoFetch: institution.behaviour !== "manual",
    refreshesPerDay: institution.behaviour === "daily_limit" ? 1 : null,
    mfa: institution.behaviour === "mfa",
    beta: institution.beta,
    psuTypes: institution.psuTypes,
    rank,
  };
}
