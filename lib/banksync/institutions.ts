import { and, asc, eq, isNull, not, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { institutionProviders, institutions } from "@/db/schema";
import { providerIds, providerNames, type ProviderId, type PsuType } from "@/lib/banksync/providers/types";
import { foldForSearch } from "./search-text";

export type InstitutionSearch = {
  query: string;
  /** ISO 3166-1 alpha-2, or null for every country. */
  country: string | null;
  limit?: number;
};

export type InstitutionProviderChoice = {
  provider: ProviderId;
  /** As the user knows it: "GoCardless". */
  name: string;
  historyDays: number;
  psuTypes: PsuType[];
  autoFetch: boolean;
};

export type InstitutionResult = {
  id: string;
  name: string;
  country: string;
  bic: string | null;
  logo: string | null;
  beta: boolean;
  /** The default provider first. */
  providers: InstitutionProviderChoice[];
};

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

/** A BIC is 8 or 11 letters and digits; only then is an exact BIC match worth asking the unique index. */
const bicShape = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/**
 * The catalog's institutions that match what the user typed, best first: the exact BIC, then names
 * starting with the query, then names where every word of the query starts a word, then names
 * containing every word; when nothing matches as typed, names only similar (a typo: "sandbox bnak"),
 * by trigram similarity. Every candidate test is one the `pg_trgm` GIN index on `search_text` (or the
 * BIC index) answers, so the cost follows the number of matches, not the size of the catalog. Ties go
 * alphabetically. An empty query lists the country's institutions alphabetically.
 */
export async function searchInstitutions(db: Db, { query, country, limit = DEFAULT_SEARCH_LIMIT }: InstitutionSearch): Promise<InstitutionResult[]> {
  const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_SEARCH_LIMIT);
  const folded = foldForSearch(query);
  const found = folded ? await matching(db, folded, country, size) : await alphabetical(db, country, size);
  return found.flatMap(({ providers, status, ...institution }) => {
    const choices = providerChoices(providers);
    // An institution whose every provider row is delisted cannot be connected: leave it out.
    return choices.length === 0 ? [] : [{ ...institution, beta: status === "beta", providers: choices }];
  });
}

const listed = (country: string | null) => and(isNull(institutions.delistedAt), country ? eq(institutions.country, country) : undefined);

/**
 * The live provider rows of the institution whose id is given, default first, as JSON text (the same
 * on every driver). Computed in the statement so a search is one round trip; PostgreSQL evaluates it
 * after the limit, for the returned rows only.
 */
const providersOf = (id: SQLWrapper) => sql<string>`(
  select coalesce(json_agg(json_build_object(
    'provider', p.provider, 'historyDays', p.history_days, 'psuTypes', p.psu_types, 'autoFetch', p.auto_fetch
  ) order by p.rank, p.provider)::text, '[]')
  from ${institutionProviders} p where p.institution_id = ${id} and p.delisted_at is null)`;

const columns = {
  id: institutions.id,
  name: institutions.name,
  country: institutions.country,
  bic: institutions.bic,
  logo: institutions.logo,
  status: institutions.status,
  providers: providersOf(institutions.id),
};

/**
 * Alphabetical by the folded name (search_text starts with it): "Córdoba" sorts with "Cordoba", case
 * and accents aside, and byte order on plain ASCII spares the locale-aware comparisons that make up
 * most of the sort's cost.
 */
const alphabetically = (searchText: SQLWrapper) => sql`${searchText} collate "C"`;

type Found = { id: string; name: string; country: string; bic: string | null; logo: string | null; status: "stable" | "beta"; providers: string };

function alphabetical(db: Db, country: string | null, limit: number): Promise<Found[]> {
  return db.select(columns).from(institutions).where(listed(country)).orderBy(alphabetically(institutions.searchText), asc(institutions.id)).limit(limit);
}

/** Fewer characters give no trigram to compare: only the plain matches make sense. */
const MIN_FUZZY_LENGTH = 3;

async function matching(db: Db, folded: string, country: string | null, limit: number): Promise<Found[]> {
  const found: Found[] = [];
  for (const tier of tiers(folded)) {
    found.push(...(await tierMatches(db, tier, country, limit - found.length)));
    if (found.length >= limit) return found;
  }
  // Typos are looked for only when nothing matches as typed: a word-similarity scan reads the posting
  // lists of every trigram of the query, and what the user typed literally is what they mean when it exists.
  if (found.length > 0 || folded.length < MIN_FUZZY_LENGTH) return found;
  return typoMatches(db, folded, country, limit);
}

type Tier = { match: SQL; exclude: SQL | undefined };

/**
 * The ranks of a plain match, best first, each excluding the ones before it: the exact BIC, names
 * starting with the query, names where every word of the query starts a word, names containing every
 * word. Each tier is read in the order of the sort index and stops at the limit, so a common word
 * ("bank", half the catalog) costs no more than a rare one; the LIKE '%word%' conditions let the
 * planner take the trigram index instead when the matches are few.
 */
function tiers(folded: string): Tier[] {
  const text = institutions.searchText;
  const words = folded.split(" ");
  const compactQuery = folded.replaceAll(" ", "").toUpperCase();
  // The folded text holds only letters, digits and single spaces: nothing LIKE or a regular expression
  // would read as a wildcard.
  const containsEvery = and(...words.map((w) => sql`${text} like ${`%${w}%`}`))!;
  // A regular expression on the bare column (not on an expression) lets the planner estimate from the
  // column's statistics how many rows match, and so choose the index that suits a common or a rare word.
  const startsEveryWord = and(containsEvery, ...words.map((w) => sql`${text} ~ ${`(^| )${w}`}`))!;
  const startsWithQuery = sql`${text} like ${`${folded}%`}`;
  const exactBic = bicShape.test(compactQuery) ? eq(institutions.bic, compactQuery) : undefined;
  const notBic = exactBic ? sql`${institutions.bic} is distinct from ${compactQuery}` : undefined;
  return [
    ...(exactBic ? [{ match: exactBic, exclude: undefined }] : []),
    { match: startsWithQuery, exclude: notBic },
    { match: startsEveryWord, exclude: and(notBic, not(startsWithQuery)) },
    { match: containsEvery, exclude: and(notBic, not(startsEveryWord)) },
  ];
}

function tierMatches(db: Db, tier: Tier, country: string | null, limit: number) {
  return db
    .select(columns)
    .from(institutions)
    .where(and(listed(country), tier.match, tier.exclude))
    .orderBy(alphabetically(institutions.searchText), asc(institutions.id))
    .limit(limit);
}

/** Names containing every word of the folded query, the widest plain tier. Exported for the EXPLAIN test. */
export function plainMatches(db: Db, folded: string, country: string | null, limit: number) {
  return tierMatches(db, tiers(folded).at(-1)!, country, limit);
}

/** Institutions similar to the folded query (typos), most similar first. Exported for the EXPLAIN test. */
export function typoMatches(db: Db, folded: string, country: string | null, limit: number) {
  const text = institutions.searchText;
  return db
    .select(columns)
    .from(institutions)
    .where(and(listed(country), sql`${folded} <% ${text}`))
    .orderBy(sql`similarity(${folded}, ${text}) desc`, alphabetically(text), asc(institutions.id))
    .limit(limit);
}

const providerRows = z.array(z.object({ provider: z.string(), historyDays: z.number().int(), psuTypes: z.array(z.string()), autoFetch: z.boolean() }));
const knownProviders = new Set<string>(providerIds);
const isProvider = (p: string): p is ProviderId => knownProviders.has(p);
const isPsuType = (p: string): p is PsuType => p === "personal" || p === "business";

function providerChoices(json: string): InstitutionProviderChoice[] {
  return providerRows.parse(JSON.parse(json)).flatMap((row) =>
    // A provider this build has no adapter for cannot be offered: the catalog may know more than we speak.
    isProvider(row.provider)
      ? [{ provider: row.provider, name: providerNames[row.provider], historyDays: row.historyDays, psuTypes: row.psuTypes.filter(isPsuType), autoFetch: row.autoFetch }]
      : [],
  );
}

/**
 * The countries the catalog has institutions in, sorted by code, for the dialog's country filter.
 * A skip scan over the country index (one probe per country) instead of reading every institution.
 */
export async function listCatalogCountries(db: Db): Promise<string[]> {
  const result: unknown = await db.execute(sql`
    with recursive present(country) as (
      (select country from ${institutions} where delisted_at is null order by country limit 1)
      union all
      select (select i.country from ${institutions} i where i.country > present.country and i.delisted_at is null order by i.country limit 1)
      from present where present.country is not null
    )
    select country from present where country is not null`);
  // PGlite answers { rows }, postgres-js an array of rows.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { country: string }[];
  return rows.map((r) => r.country);
}
