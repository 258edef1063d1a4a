import { foldForSearch } from "@/lib/banksync/search-text";
import type { ProviderId, ProviderInstitution } from "@/lib/banksync/providers/types";

/**
 * Which provider is a bank's default when several serve it: the first of this list that does.
 * Sandbox Bank (GoCardless, Salt Edge, Enable Banking) reads in SANDBOX.md's order.
 */
export const providerPreference: readonly ProviderId[] = ["gocardless", "saltedge", "enablebanking", "plaid"];

/** One provider's listing of a bank, with its place among the bank's providers (0 = the default). */
export type CatalogProvider = ProviderInstitution & { rank: number };

/** One bank of the catalog: what the user picks, whichever providers serve it. */
export type CatalogEntry = {
  name: string;
  country: string;
  /** Normalized (see `bicKey`); unique across the catalog. */
  bic: string | null;
  logo: string | null;
  status: "stable" | "beta";
  /** Default first. */
  providers: CatalogProvider[];
};

/**
 * A BIC as the catalog compares and stores it: upper case, no spaces, and the primary-office
 * branch code "XXX" dropped, so "SBXBBEBBXXX" and "sbxb bebb" are the same bank.
 */
export function bicKey(bic: string | null): string | null {
  if (!bic) return null;
  const compact = bic.replace(/\s+/g, "").toUpperCase();
  if (compact === "") return null;
  return compact.length === 11 && compact.endsWith("XXX") ? compact.slice(0, 8) : compact;
}

/** Same folded name in the same country: the fallback identity of a bank without a shared BIC. */
export function nameKey(name: string, country: string): string {
  return `${country.toUpperCase()}|${foldForSearch(name)}`;
}

/** A provider's place in `providerPreference` (unknown providers last). */
export function preference(provider: ProviderId): number {
  const index = providerPreference.indexOf(provider);
  return index === -1 ? providerPreference.length : index;
}

type Draft = { bic: string | null; key: string; listings: ProviderInstitution[] };

/**
 * Merges every provider's institutions into one entry per bank: the same BIC is the same bank;
 * otherwise the same folded name in the same country is, unless both carry different BICs.
 * A provider appears at most once per bank: when it lists two institutions that would merge (a
 * personal and a business listing sharing a BIC, say), the second becomes a bank of its own
 * without the BIC, because the catalog holds each BIC once and no listing may be lost.
 */
export function mergeInstitutions(listings: readonly ProviderInstitution[]): CatalogEntry[] {
  // The default provider's listing comes first, so it names the bank; the sort is stable.
  const ordered = [...listings].sort((a, b) => preference(a.provider) - preference(b.provider));
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  const byBic = new Map<string, Draft>();
  const byName = new Map<string, Draft[]>();

  for (const listing of ordered) {
    // An institution in several countries is listed once per country with the same id; the
    // catalog holds one row per provider id, so the first listing wins.
    const id = `${listing.provider}\u0000${listing.externalId}`;
    if (seen.has(id)) continue;
    seen.add(id);

    const bic = bicKey(listing.bic);
    const key = nameKey(listing.name, listing.country);
    const free = (draft: Draft) => !draft.listings.some((l) => l.provider === listing.provider);
    let draft = bic ? byBic.get(bic) : undefined;
    if (draft && !free(draft)) {
      drafts.push(newDraft(null, key, listing, byName));
      continue;
    }
    draft ??= byName.get(key)?.find((d) => free(d) && (d.bic === null || bic === null));
    if (!draft) {
      draft = newDraft(bic, key, listing, byName);
      drafts.push(draft);
      if (bic) byBic.set(bic, draft);
      continue;
    }
    draft.listings.push(listing);
    if (!draft.bic && bic) {
      draft.bic = bic;
      byBic.set(bic, draft);
    }
  }
  return drafts.map(toEntry);
}

function newDraft(bic: string | null, key: string, listing: ProviderInstitution, byName: Map<string, Draft[]>): Draft {
  const draft: Draft = { bic, key, listings: [listing] };
  const sameName = byName.get(key);
  if (sameName) sameName.push(draft);
  else byName.set(key, [draft]);
  return draft;
}

function toEntry(draft: Draft): CatalogEntry {
  const providers = draft.listings
    .slice()
    .sort((a, b) => preference(a.provider) - preference(b.provider))
    .map((listing, rank) => ({ ...listing, rank }));
  const first = providers[0]!;
  return {
    name: first.name,
    country: first.country.toUpperCase(),
    bic: draft.bic,
    logo: providers.find((p) => p.logo)?.logo ?? null,
    status: providers.every((p) => p.beta) ? "beta" : "stable",
    providers,
  };
}
