import { describe, expect, it } from "vitest";
import type { ProviderId, ProviderInstitution } from "@/lib/banksync/providers/types";
import { planCatalogChanges, type InstitutionRow, type ProviderRow } from "./changes";
import { mergeInstitutions } from "./merge";

function listing(provider: ProviderId, externalId: string, over: Partial<ProviderInstitution> = {}): ProviderInstitution {
  return {
    provider,
    externalId,
    name: "Sandbox Bank",
    country: "BE",
    bic: "SBXBBEBB",
    logo: null,
    historyDays: 730,
    consentDays: null,
    autoFetch: true,
    refreshesPerDay: null,
    mfa: false,
    beta: false,
    psuTypes: ["personal", "business"],
    ...over,
  };
}

/** The database after applying a plan, as the store would leave it (timestamps as "set"). */
function apply(
  state: { institutions: InstitutionRow[]; providerRows: ProviderRow[] },
  listings: ProviderInstitution[],
  refreshed: ProviderId[],
) {
  let n = 0;
  const changes = planCatalogChanges({
    entries: mergeInstitutions(listings),
    ...state,
    refreshed: new Set(refreshed),
    newId: () => `bank-${state.institutions.length + ++n}`,
  });
  const now = new Date("2026-11-26T10:00:00Z");
  const key = (r: { institutionId: string; provider: string }) => `${r.institutionId}/${r.provider}`;
  const removed = new Set(changes.providerRows.remove.map(key));
  const delisted = new Set(changes.providerRows.delist.map(key));
  const updated = new Map(changes.providerRows.update.map((r) => [key(r), r]));
  const providerRows = state.providerRows
    .filter((r) => !removed.has(key(r)))
    .map((r) => updated.get(key(r)) ?? (delisted.has(key(r)) ? { ...r, delistedAt: now } : r))
    .concat(changes.providerRows.insert);
  const updatedBanks = new Map(changes.institutions.update.map((r) => [r.id, r]));
  const institutions = state.institutions
    .map((r) => updatedBanks.get(r.id) ?? (changes.institutions.delist.includes(r.id) ? { ...r, delistedAt: now } : r))
    .concat(changes.institutions.insert);
  return { changes, state: { institutions, providerRows } };
}

const empty = { institutions: [] as InstitutionRow[], providerRows: [] as ProviderRow[] };
const all: ProviderId[] = ["gocardless", "saltedge", "enablebanking", "plaid"];

describe("planCatalogChanges", () => {
  it("inserts a new catalog, then finds nothing to change", () => {
    const listings = [listing("gocardless", "g1"), listing("saltedge", "s1"), listing("plaid", "p1", { name: "US Bank", country: "US", bic: null })];
    const first = apply(empty, listings, all);
    expect(first.changes.counts).toEqual({ inserted: 2, updated: 0, unchanged: 0, delisted: 0 });
    expect(first.changes.providerCounts).toEqual({ inserted: 3, updated: 0, unchanged: 0, delisted: 0 });
    expect(first.state.institutions.find((i) => i.name === "Sandbox Bank")?.searchText).toBe("sandbox bank sbxbbebb");

    const second = apply(first.state, listings, all);
    expect(second.changes.counts).toEqual({ inserted: 0, updated: 0, unchanged: 2, delisted: 0 });
    expect(second.changes.institutions).toEqual({ insert: [], update: [], delist: [] });
    expect(second.changes.providerRows).toEqual({ remove: [], insert: [], update: [], delist: [] });
  });

  it("updates what a provider changed, and only that bank", () => {
    const before = apply(empty, [listing("gocardless", "g1"), listing("gocardless", "g2", { name: "Other", bic: "OTHRBEBB" })], all).state;
    const { changes } = apply(before, [listing("gocardless", "g1", { historyDays: 90 }), listing("gocardless", "g2", { name: "Other", bic: "OTHRBEBB" })], all);
    expect(changes.counts).toEqual({ inserted: 0, updated: 1, unchanged: 1, delisted: 0 });
    expect(changes.providerRows.update.map((r) => [r.externalId, r.historyDays])).toEqual([["g1", 90]]);
  });

  it("delists a provider's row it no longer lists, and the bank when none lists it; re-listing clears both", () => {
    const listings = [listing("gocardless", "g1"), listing("saltedge", "s1"), listing("gocardless", "g2", { name: "Solo", bic: "SOLOBEBB" })];
    const before = apply(empty, listings, all).state;

    const dropped = apply(before, [listing("gocardless", "g1")], all);
    expect(dropped.changes.counts).toEqual({ inserted: 0, updated: 1, unchanged: 0, delisted: 1 });
    expect(dropped.changes.providerCounts).toMatchObject({ delisted: 2 });
    const solo = dropped.state.institutions.find((i) => i.name === "Solo");
    expect(solo?.delistedAt).not.toBeNull();

    const back = apply(dropped.state, listings, all);
    expect(back.changes.counts).toEqual({ inserted: 0, updated: 2, unchanged: 0, delisted: 0 });
    expect(back.state.institutions.every((i) => i.delistedAt === null)).toBe(true);
    expect(back.state.providerRows.every((r) => r.delistedAt === null)).toBe(true);
    expect(back.state.institutions.map((i) => i.id).sort()).toEqual(before.institutions.map((i) => i.id).sort());
  });

  it("keeps a failed provider's place in its banks' order", () => {
    const listings = [listing("gocardless", "g1"), listing("saltedge", "s1"), listing("enablebanking", "e1")];
    const before = apply(empty, listings, all).state;
    const { changes, state } = apply(before, listings.slice(1), ["saltedge", "enablebanking", "plaid"]);
    expect(changes.counts).toEqual({ inserted: 0, updated: 0, unchanged: 1, delisted: 0 });
    expect(changes.providerCounts).toEqual({ inserted: 0, updated: 0, unchanged: 3, delisted: 0 });
    expect(state.providerRows.map((r) => [r.provider, r.rank])).toEqual([
      ["gocardless", 0],
      ["saltedge", 1],
      ["enablebanking", 2],
    ]);
  });

  it("keeps the name, BIC and logo of a bank whose other provider failed", () => {
    const before = apply(empty, [listing("enablebanking", "e1", { logo: "https://e1.png" }), listing("plaid", "p1", { bic: null, name: "SANDBOX BANK" })], all).state;
    const { changes } = apply(before, [listing("plaid", "p1", { bic: null, name: "SANDBOX BANK" })], ["gocardless", "saltedge", "plaid"]);
    expect(changes.counts).toEqual({ inserted: 0, updated: 0, unchanged: 1, delisted: 0 });
    expect(before.institutions[0]).toMatchObject({ name: "Sandbox Bank", bic: "SBXBBEBB", logo: "https://e1.png" });
  });

  it("leaves the rows of a provider whose list failed, and keeps its banks listed", () => {
    const before = apply(empty, [listing("gocardless", "g1"), listing("saltedge", "s1"), listing("saltedge", "s2", { name: "Salt Only", bic: null })], all).state;
    const { changes } = apply(before, [listing("gocardless", "g1")], ["gocardless"]);
    expect(changes.counts).toEqual({ inserted: 0, updated: 0, unchanged: 2, delisted: 0 });
    expect(changes.providerRows).toEqual({ remove: [], insert: [], update: [], delist: [] });
  });

  it("recognises a bank by its provider id when its BIC changed", () => {
    const before = apply(empty, [listing("gocardless", "g1", { bic: "OLDBBEBB" })], all).state;
    const { changes } = apply(before, [listing("gocardless", "g1", { bic: "NEWBBEBB" })], all);
    expect(changes.counts).toEqual({ inserted: 0, updated: 1, unchanged: 0, delisted: 0 });
    expect(changes.institutions.update[0]).toMatchObject({ id: before.institutions[0]!.id, bic: "NEWBBEBB", searchText: "sandbox bank newbbebb" });
  });

  it("recognises a bank by name and country when its provider id changed", () => {
    const before = apply(empty, [listing("saltedge", "old-id", { bic: null })], all).state;
    const { changes } = apply(before, [listing("saltedge", "new-id", { bic: null })], all);
    expect(changes.counts).toEqual({ inserted: 0, updated: 1, unchanged: 0, delisted: 0 });
    expect(changes.providerRows.remove).toEqual([{ institutionId: before.institutions[0]!.id, provider: "saltedge" }]);
    expect(changes.providerRows.insert.map((r) => [r.institutionId, r.externalId])).toEqual([[before.institutions[0]!.id, "new-id"]]);
  });

  it("moves a provider's row to the bank it now belongs to, removing it before inserting it", () => {
    // Salt Edge first listed its bank under another name without BIC; now it gives the BIC.
    const before = apply(empty, [listing("gocardless", "g1"), listing("saltedge", "s1", { name: "SBX", bic: null })], all).state;
    const after = apply(before, [listing("gocardless", "g1"), listing("saltedge", "s1", { name: "SBX", bic: "SBXBBEBB" })], all);
    const bankId = before.institutions.find((i) => i.name === "Sandbox Bank")!.id;
    const oldId = before.institutions.find((i) => i.name === "SBX")!.id;
    expect(after.changes.providerRows.remove).toEqual([{ institutionId: oldId, provider: "saltedge" }]);
    expect(after.changes.providerRows.insert.map((r) => [r.institutionId, r.provider, r.rank])).toEqual([[bankId, "saltedge", 1]]);
    expect(after.changes.institutions.delist).toEqual([oldId]);
  });
});
