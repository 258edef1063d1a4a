import type { institutionProviders, institutions } from "@/db/schema";
import { institutionSearchText } from "@/lib/banksync/search-text";
import type { ProviderId, PsuType } from "@/lib/banksync/providers/types";
import { bicKey, nameKey, preference, type CatalogEntry } from "./merge";

/** An `institutions` row as the catalog writes it (timestamps are the database's). */
export type InstitutionRow = Omit<typeof institutions.$inferSelect, "createdAt" | "updatedAt">;

/** An `institution_providers` row as the catalog writes it. */
export type ProviderRow = Omit<typeof institutionProviders.$inferSelect, "updatedAt">;

export type ProviderRowKey = { institutionId: string; provider: string };

export type ChangeCounts = { inserted: number; updated: number; unchanged: number; delisted: number };

/** What a refresh writes. Rows absent from every list stay untouched. */
export type CatalogChanges = {
  institutions: { insert: InstitutionRow[]; update: InstitutionRow[]; delist: string[] };
  providerRows: { remove: ProviderRowKey[]; insert: ProviderRow[]; update: ProviderRow[]; delist: ProviderRowKey[] };
  /** Per bank: a bank is updated when its row or one of its provider rows changes. */
  counts: ChangeCounts;
  providerCounts: ChangeCounts;
};

const sep = "\u0000";

/**
 * Compares the merged catalog with what the database holds and says what to write. Pure: the
 * caller passes the rows, the providers whose lists arrived (`refreshed`: rows of the others are
 * neither changed nor delisted) and an id factory for new banks.
 *
 * An existing bank is recognised, in this order, by its BIC, by one of its providers' ids, then by
 * its folded name and country; a row a provider moved to another bank is removed and re-inserted,
 * so the unique keys never collide while the statements run.
 */
export function planCatalogChanges(input: {
  entries: readonly CatalogEntry[];
  institutions: readonly InstitutionRow[];
  providerRows: readonly ProviderRow[];
  refreshed: ReadonlySet<ProviderId>;
  newId: () => string;
}): CatalogChanges {
  const { entries, institutions, providerRows, refreshed } = input;
  const assigned = assignInstitutions(entries, institutions, providerRows);
  const existingById = new Map(institutions.map((i) => [i.id, i]));

  // Rows of providers whose list did not arrive keep their bank and their place in its order.
  const kept = new Map<string, ProviderRow[]>();
  for (const row of providerRows) {
    if (refreshed.has(row.provider as ProviderId) || row.delistedAt) continue;
    const list = kept.get(row.institutionId);
    if (list) list.push(row);
    else kept.set(row.institutionId, [row]);
  }
  const keptRanks = new Map<string, number>();

  const desired: InstitutionRow[] = [];
  const desiredRows = new Map<string, ProviderRow>();
  const desiredExternal = new Set<string>();
  entries.forEach((entry, index) => {
    const id = assigned[index] ?? input.newId();
    const order = [...entry.providers.map((p) => p.provider), ...(kept.get(id) ?? []).map((r) => r.provider as ProviderId)].sort(
      (a, b) => preference(a) - preference(b),
    );
    for (const row of kept.get(id) ?? []) keptRanks.set(`${id}${sep}${row.provider}`, order.indexOf(row.provider as ProviderId));
    // A bank one of whose providers could not be read keeps its name, BIC, logo and status: the
    // listings at hand are not the whole picture (Plaid, say, gives no BIC).
    const before = kept.has(id) ? existingById.get(id) : undefined;
    desired.push(before ? { ...before, delistedAt: null } : {
      id,
      name: entry.name,
      country: entry.country,
      bic: entry.bic,
      logo: entry.logo,
      status: entry.status,
      searchText: institutionSearchText(entry.name, entry.bic),
      delistedAt: null,
    });
    for (const p of entry.providers) {
      desiredRows.set(`${id}${sep}${p.provider}`, {
        institutionId: id,
        provider: p.provider,
        externalId: p.externalId,
        historyDays: p.historyDays,
        consentDays: p.consentDays,
        autoFetch: p.autoFetch,
        refreshesPerDay: p.refreshesPerDay,
        mfa: p.mfa,
        beta: p.beta,
        psuTypes: sortedPsuTypes(p.psuTypes),
        rank: order.indexOf(p.provider),
        delistedAt: null,
      });
      desiredExternal.add(`${p.provider}${sep}${p.externalId}`);
    }
  });

  const changes: CatalogChanges = {
    institutions: { insert: [], update: [], delist: [] },
    providerRows: { remove: [], insert: [], update: [], delist: [] },
    counts: { inserted: 0, updated: 0, unchanged: 0, delisted: 0 },
    providerCounts: { inserted: 0, updated: 0, unchanged: 0, delisted: 0 },
  };
  const rows = changes.providerRows;
  const touched = new Set<string>();
  /** Banks still listed by a provider whose list did not arrive: never delisted by this run. */
  const keptAlive = new Set<string>();
  const matched = new Set<string>();

  for (const row of providerRows) {
    const key = `${row.institutionId}${sep}${row.provider}`;
    const want = desiredRows.get(key);
    if (want && want.externalId === row.externalId) {
      matched.add(key);
      if (sameProviderRow(row, want)) changes.providerCounts.unchanged++;
      else {
        rows.update.push(want);
        changes.providerCounts.updated++;
        touched.add(row.institutionId);
      }
    } else if (want || desiredExternal.has(`${row.provider}${sep}${row.externalId}`)) {
      rows.remove.push({ institutionId: row.institutionId, provider: row.provider });
      touched.add(row.institutionId);
    } else if (!refreshed.has(row.provider as ProviderId)) {
      if (!row.delistedAt) keptAlive.add(row.institutionId);
      const rank = keptRanks.get(key);
      if (rank === undefined || rank === row.rank) changes.providerCounts.unchanged++;
      else {
        rows.update.push({ ...row, rank });
        changes.providerCounts.updated++;
        touched.add(row.institutionId);
      }
    } else if (!row.delistedAt) {
      rows.delist.push({ institutionId: row.institutionId, provider: row.provider });
      changes.providerCounts.delisted++;
      touched.add(row.institutionId);
    } else {
      changes.providerCounts.unchanged++;
    }
  }
  for (const [key, row] of desiredRows) {
    if (matched.has(key)) continue;
    rows.insert.push(row);
    changes.providerCounts.inserted++;
  }

  for (const row of desired) {
    const before = existingById.get(row.id);
    if (!before) {
      changes.institutions.insert.push(row);
      changes.counts.inserted++;
    } else if (!sameInstitution(before, row) || touched.has(row.id)) {
      changes.institutions.update.push(row);
      changes.counts.updated++;
    } else {
      changes.counts.unchanged++;
    }
  }
  const claimed = new Set(desired.map((d) => d.id));
  for (const row of institutions) {
    if (claimed.has(row.id)) continue;
    if (keptAlive.has(row.id) || row.delistedAt) {
      if (touched.has(row.id)) {
        changes.institutions.update.push(row);
        changes.counts.updated++;
      } else {
        changes.counts.unchanged++;
      }
      continue;
    }
    changes.institutions.delist.push(row.id);
    changes.counts.delisted++;
  }
  return changes;
}

/** The existing institution id of each entry, or undefined for a new bank. */
function assignInstitutions(
  entries: readonly CatalogEntry[],
  institutions: readonly InstitutionRow[],
  providerRows: readonly ProviderRow[],
): (string | undefined)[] {
  const byBic = new Map<string, string>();
  const byName = new Map<string, InstitutionRow[]>();
  for (const row of institutions) {
    const bic = bicKey(row.bic);
    if (bic) byBic.set(bic, row.id);
    const key = nameKey(row.name, row.country);
    const list = byName.get(key);
    if (list) list.push(row);
    else byName.set(key, [row]);
  }
  const byExternal = new Map(providerRows.map((r) => [`${r.provider}${sep}${r.externalId}`, r.institutionId]));

  const assigned: (string | undefined)[] = new Array(entries.length);
  const claimed = new Set<string>();
  const claim = (index: number, id: string | undefined) => {
    if (id === undefined || claimed.has(id)) return false;
    assigned[index] = id;
    claimed.add(id);
    return true;
  };
  // BICs first: the catalog holds each BIC once, so the bank holding it must be the one updated.
  entries.forEach((entry, i) => {
    if (entry.bic) claim(i, byBic.get(entry.bic));
  });
  entries.forEach((entry, i) => {
    if (assigned[i] !== undefined) return;
    entry.providers.some((p) => claim(i, byExternal.get(`${p.provider}${sep}${p.externalId}`)));
  });
  entries.forEach((entry, i) => {
    if (assigned[i] !== undefined) return;
    const candidates = byName.get(nameKey(entry.name, entry.country)) ?? [];
    candidates.some((c) => (c.bic === null || entry.bic === null) && claim(i, c.id));
  });
  return assigned;
}

function sortedPsuTypes(types: readonly (PsuType | string)[]): string[] {
  return [...new Set(types)].sort();
}

function sameInstitution(a: InstitutionRow, b: InstitutionRow): boolean {
  return (
    a.name === b.name &&
    a.country === b.country &&
    a.bic === b.bic &&
    a.logo === b.logo &&
    a.status === b.status &&
    a.searchText === b.searchText &&
    (a.delistedAt === null) === (b.delistedAt === null)
  );
}

function sameProviderRow(a: ProviderRow, b: ProviderRow): boolean {
  return (
    a.externalId === b.externalId &&
    a.historyDays === b.historyDays &&
    a.consentDays === b.consentDays &&
    a.autoFetch === b.autoFetch &&
    a.refreshesPerDay === b.refreshesPerDay &&
    a.mfa === b.mfa &&
    a.beta === b.beta &&
    sortedPsuTypes(a.psuTypes).join() === sortedPsuTypes(b.psuTypes).join() &&
    a.rank === b.rank &&
    (a.delistedAt === null) === (b.delistedAt === null)
  );
}
