import { json } from "../respond";
import { allInstitutions, type WorldInstitution } from "../world";
import { gocardlessError, notFound } from "./responses";

/** GoCardless's default and ceiling for access_valid_for_days. */
export const DEFAULT_ACCESS_DAYS = 90;
export const MAX_ACCESS_DAYS = 180;
export const DEFAULT_HISTORY_DAYS = 90;

/** Shaped like GoCardless's ids ("ABNAMRO_ABNANL2A"): upper-case slug + "_" + BIC. */
export function institutionId(institution: WorldInstitution): string {
  return `${institution.key.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${institution.bic}`;
}

export function maxAccessDays(institution: WorldInstitution): number {
  return Math.min(institution.consentDays ?? MAX_ACCESS_DAYS, MAX_ACCESS_DAYS);
}

let served: Map<string, WorldInstitution> | undefined;

/** Every world institution GoCardless serves, by its GoCardless id (built once: the catalog is large). */
function gocardlessInstitutions(): Map<string, WorldInstitution> {
  served ??= new Map(allInstitutions().filter((i) => i.providers.includes("gocardless")).map((i) => [institutionId(i), i]));
  return served;
}

export function institutionById(id: string): WorldInstitution | undefined {
  return gocardlessInstitutions().get(id);
}

function institutionJson(institution: WorldInstitution) {
  return {
    id: institutionId(institution),
    name: institution.name,
    bic: institution.bic,
    transaction_total_days: String(institution.historyDays),
    max_access_valid_for_days: String(maxAccessDays(institution)),
    countries: [institution.country],
    logo: institution.logo,
  };
}

/** GET institutions/?country=xx */
export function listInstitutions(url: URL): Response {
  const country = url.searchParams.get("country");
  if (country !== null && !/^[a-z]{2}$/i.test(country)) {
    return gocardlessError(400, "Invalid country choice.", `${country} is not a valid choice.`);
  }
  const wanted = country?.toUpperCase();
  const list: ReturnType<typeof institutionJson>[] = [];
  for (const institution of gocardlessInstitutions().values()) {
    if (!wanted || institution.country === wanted) list.push(institutionJson(institution));
  }
  return json(list);
}

/** GET institutions/{id}/ */
export function getInstitution(id: string): Response {
  const institution = institutionById(id);
  return institution ? json(institutionJson(institution)) : notFound();
}
