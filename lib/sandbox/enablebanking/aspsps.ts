import { json } from "../respond";
import { allInstitutions, type WorldInstitution } from "../world";

/** Longest consent Enable Banking reports for a bank whose world entry sets none. */
const DEFAULT_CONSENT_DAYS = 180;

let served: WorldInstitution[] | undefined;
let byAspsp: Map<string, WorldInstitution> | undefined;

/** Every world institution Enable Banking serves. */
export function enablebankingInstitutions(): WorldInstitution[] {
  served ??= allInstitutions().filter((i) => i.providers.includes("enablebanking"));
  return served;
}

/** Enable Banking names a bank by its name and country, not by an id. */
export function institutionByAspsp(name: string, country: string): WorldInstitution | undefined {
  byAspsp ??= new Map(enablebankingInstitutions().map((i) => [`${i.country}:${i.name}`, i]));
  return byAspsp.get(`${country.toUpperCase()}:${name}`);
}

export function consentValiditySeconds(institution: WorldInstitution): number {
  return (institution.consentDays ?? DEFAULT_CONSENT_DAYS) * 86_400;
}

function aspsp(institution: WorldInstitution) {
  return {
    name: institution.name,
    country: institution.country,
    logo: institution.logo,
    bic: institution.bic,
    psu_types: institution.psuTypes,
    maximum_consent_validity: consentValiditySeconds(institution),
    beta: institution.beta,
    // The institution's history limit (SANDBOX.md); the bank itself may hold fewer days.
    transaction_total_days: institution.historyDays,
  };
}

/** `GET /aspsps?country=` */
export function listAspsps(url: URL): Response {
  const country = url.searchParams.get("country")?.toUpperCase();
  const list = enablebankingInstitutions().filter((i) => !country || i.country === country);
  return json({ aspsps: list.map(aspsp) });
}
