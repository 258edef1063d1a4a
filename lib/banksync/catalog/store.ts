import { count, max, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { institutionProviders, institutions } from "@/db/schema";
import type { CatalogChanges, InstitutionRow, ProviderRow, ProviderRowKey } from "./changes";

/**
 * The catalog's rows in the database, read whole and written in bulk. Each statement carries a chunk
 * of rows as one array parameter per column (`unnest`): PGlite parses a few large parameters much
 * faster than thousands of small ones, and PostgreSQL's 65,535-parameter limit never comes near.
 */
const CHUNK = 5000;

type Scalar = string | number | boolean | Date | null;

export type CatalogRows = { institutions: InstitutionRow[]; providerRows: ProviderRow[]; version: string };

/** Every catalog row, with a version that changes whenever a refresh writes (see `catalogVersion`). */
export async function readCatalogRows(db: Db): Promise<CatalogRows> {
  const version = await catalogVersion(db);
  return {
    version,
    institutions: await db
      .select({
        id: institutions.id,
        name: institutions.name,
        country: institutions.country,
        bic: institutions.bic,
        logo: institutions.logo,
        status: institutions.status,
        searchText: institutions.searchText,
        delistedAt: institutions.delistedAt,
      })
      .from(institutions),
    providerRows: await db
      .select({
        institutionId: institutionProviders.institutionId,
        provider: institutionProviders.provider,
        externalId: institutionProviders.externalId,
        historyDays: institutionProviders.historyDays,
        consentDays: institutionProviders.consentDays,
        autoFetch: institutionProviders.autoFetch,
        refreshesPerDay: institutionProviders.refreshesPerDay,
        mfa: institutionProviders.mfa,
        beta: institutionProviders.beta,
        psuTypes: institutionProviders.psuTypes,
        rank: institutionProviders.rank,
        delistedAt: institutionProviders.delistedAt,
      })
      .from(institutionProviders),
  };
}

/** Row counts and latest updates: a refresh that wrote anything changed at least one of them. */
export async function catalogVersion(db: Db): Promise<string> {
  const [banks] = await db.select({ rows: count(), last: max(institutions.updatedAt) }).from(institutions);
  const [rows] = await db.select({ rows: count(), last: max(institutionProviders.updatedAt) }).from(institutionProviders);
  return [banks?.rows, banks?.last?.toISOString(), rows?.rows, rows?.last?.toISOString()].join("|");
}

/** Applies a plan: removals first and inserts last, so no unique key ever sees two rows at once. */
export async function writeCatalogChanges(tx: Tx, changes: CatalogChanges, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const keys of chunks(changes.providerRows.remove)) {
    await tx.execute(sql`delete from institution_providers as t using ${keyTable(keys)}
      where t.institution_id = v.institution_id and t.provider = v.provider`);
  }
  for (const rows of chunks(changes.institutions.insert)) {
    await tx.execute(sql`insert into institutions (id, name, country, bic, logo, status, search_text, delisted_at, created_at, updated_at)
      select v.*, ${at}::timestamptz, ${at}::timestamptz from ${institutionTable(rows)}`);
  }
  for (const rows of chunks(changes.institutions.update)) {
    await tx.execute(sql`update institutions as t set
        name = v.name, country = v.country, bic = v.bic, logo = v.logo, status = v.status, search_text = v.search_text,
        delisted_at = v.delisted_at, updated_at = ${at}::timestamptz
      from ${institutionTable(rows)} where t.id = v.id`);
  }
  for (const ids of chunks(changes.institutions.delist)) {
    await tx.execute(sql`update institutions set delisted_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      where id = any(${array(ids)}::uuid[])`);
  }
  for (const rows of chunks(changes.providerRows.update)) {
    await tx.execute(sql`update institution_providers as t set
        history_days = v.history_days, consent_days = v.consent_days, auto_fetch = v.auto_fetch,
        refreshes_per_day = v.refreshes_per_day, mfa = v.mfa, beta = v.beta, psu_types = v.psu_types::text[], rank = v.rank,
        delisted_at = v.delisted_at, updated_at = ${at}::timestamptz
      from ${providerTable(rows)} where t.institution_id = v.institution_id and t.provider = v.provider`);
  }
  for (const keys of chunks(changes.providerRows.delist)) {
    await tx.execute(sql`update institution_providers as t set delisted_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      from ${keyTable(keys)} where t.institution_id = v.institution_id and t.provider = v.provider`);
  }
  for (const rows of chunks(changes.providerRows.insert)) {
    await tx.execute(sql`insert into institution_providers
        (institution_id, provider, external_id, history_days, consent_days, auto_fetch, refreshes_per_day, mfa, beta, psu_types, rank, delisted_at, updated_at)
      select v.institution_id, v.provider, v.external_id, v.history_days, v.consent_days, v.auto_fetch, v.refreshes_per_day,
        v.mfa, v.beta, v.psu_types::text[], v.rank, v.delisted_at, ${at}::timestamptz
      from ${providerTable(rows)}`);
  }
}

function institutionTable(rows: readonly InstitutionRow[]): SQL {
  const column = (pick: (r: InstitutionRow) => Scalar) => array(rows.map(pick));
  return sql`unnest(
      ${column((r) => r.id)}::uuid[], ${column((r) => r.name)}::text[], ${column((r) => r.country)}::text[],
      ${column((r) => r.bic)}::text[], ${column((r) => r.logo)}::text[], ${column((r) => r.status)}::institution_status[],
      ${column((r) => r.searchText)}::text[], ${column((r) => r.delistedAt)}::timestamptz[]
    ) as v(id, name, country, bic, logo, status, search_text, delisted_at)`;
}

/** `psu_types` travels as one array literal per row: unnest would flatten a two-dimensional array. */
function providerTable(rows: readonly ProviderRow[]): SQL {
  const column = (pick: (r: ProviderRow) => Scalar) => array(rows.map(pick));
  return sql`unnest(
      ${column((r) => r.institutionId)}::uuid[], ${column((r) => r.provider)}::text[], ${column((r) => r.externalId)}::text[],
      ${column((r) => r.historyDays)}::integer[], ${column((r) => r.consentDays)}::integer[], ${column((r) => r.autoFetch)}::boolean[],
      ${column((r) => r.refreshesPerDay)}::integer[], ${column((r) => r.mfa)}::boolean[], ${column((r) => r.beta)}::boolean[],
      ${column((r) => array(r.psuTypes))}::text[], ${column((r) => r.rank)}::integer[], ${column((r) => r.delistedAt)}::timestamptz[]
    ) as v(institution_id, provider, external_id, history_days, consent_days, auto_fetch, refreshes_per_day, mfa, beta, psu_types, rank, delisted_at)`;
}

function keyTable(keys: readonly ProviderRowKey[]): SQL {
  return sql`unnest(${array(keys.map((k) => k.institutionId))}::uuid[], ${array(keys.map((k) => k.provider))}::text[])
    as v(institution_id, provider)`;
}

/**
 * A PostgreSQL array literal, every element quoted (NULL for null). Sent as one text parameter and
 * cast in SQL, so PGlite and postgres-js bind it the same way.
 */
export function array(values: readonly Scalar[]): string {
  const items = values.map((v) => {
    if (v === null) return "NULL";
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
