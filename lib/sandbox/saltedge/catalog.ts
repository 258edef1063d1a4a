import { allInstitutions, providerIdFor, type WorldInstitution } from "../world";

/**
 * The institutions Salt Edge serves, as its `providers` list shows them. A provider's code is its
 * name in snake case plus its country, as Salt Edge spells them ("sandbox_bank_be").
 */

/** Salt Edge's consents last 90 days unless the bank grants less (Sandbox Expiring Bank is not served here). */
export const DEFAULT_CONSENT_DAYS = 90;

/** Provider records carry creation dates; the world has none, so they share one fixed instant. */
const CATALOG_DATE = "2020-01-01T00:00:00Z";

export function providerCode(institution: WorldInstitution): string {
  const name = institution.name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  return `${name}_${institution.country.toLowerCase()}`;
}

let served: WorldInstitution[] | undefined;
let byCode: Map<string, WorldInstitution> | undefined;

/** Every world institution Salt Edge serves, in a stable order (special banks first). */
export function saltedgeInstitutions(): WorldInstitution[] {
  served ??= allInstitutions().filter((i) => i.providers.includes("saltedge"));
  return served;
}

export function institutionByCode(code: string): WorldInstitution | undefined {
  byCode ??= new Map(saltedgeInstitutions().map((i) => [providerCode(i), i]));
  return byCode.get(code);
}

const ids = new Map<string, string>();

/** The provider's id at Salt Edge, memoized: paging through 10,000 providers looks it up often. */
export function providerIdOf(institution: WorldInstitution): string {
  let id = ids.get(institution.key);
  if (id === undefined) {
    id = providerIdFor("saltedge", institution.key);
    ids.set(institution.key, id);
  }
  return id;
}

export function consentDaysOf(institution: WorldInstitution): number {
  return institution.consentDays ?? DEFAULT_CONSENT_DAYS;
}

/** A Salt Edge provider record (AIS API v6). `bic_codes` carries the world's BIC for search by BIC. */
export function providerJson(institution: WorldInstitution) {
  return {
    id: providerIdOf(institution),
    code: providerCode(institution),
    name: institution.name,
    country_code: institution.country,
    bic_codes: [institution.bic],
    status: "active",
    mode: "oauth",
    regulated: true,
    logo_url: institution.logo,
    home_url: `https://${providerCode(institution).replaceAll("_", "-")}.example`,
    timezone: "UTC",
    max_consent_days: consentDaysOf(institution),
    max_fetch_interval: institution.historyDays,
    supported_fetch_scopes: ["accounts", "transactions"],
    supported_account_types: institution.psuTypes,
    automatic_fetch: institution.behaviour !== "manual",
    interactive: institution.behaviour === "mfa",
    customer_notified_on_sign_in: false,
    created_at: CATALOG_DATE,
    updated_at: CATALOG_DATE,
  };
}
