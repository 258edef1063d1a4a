import { createHash } from "node:crypto";
import type { SandboxContext } from "../types";
import { allInstitutions, providerIdFor, type WorldInstitution } from "../world";
import { plaidError, plaidOk } from "./responses";
import { institutionsGetByIdRequest, institutionsGetRequest } from "./schemas";
import { parseBody } from "./parse";

/** The world's institutions that Plaid serves, under Plaid-shaped ids ("ins_…"). */

let plaidInstitutions: WorldInstitution[] | undefined;
let byId: Map<string, WorldInstitution> | undefined;

function servedByPlaid(): WorldInstitution[] {
  plaidInstitutions ??= allInstitutions().filter((i) => i.providers.includes("plaid"));
  return plaidInstitutions;
}

export function plaidInstitutionId(institution: WorldInstitution): string {
  return `ins_${providerIdFor("plaid", institution.key)}`;
}

export function institutionByPlaidId(id: string): WorldInstitution | undefined {
  byId ??= new Map(servedByPlaid().map((i) => [plaidInstitutionId(i), i]));
  return byId.get(id);
}

/** A valid ABA routing number (checksum 3-7-1) derived from the institution, for US banks only. */
function routingNumbers(institution: WorldInstitution): string[] {
  if (institution.country !== "US") return [];
  const bytes = createHash("sha256").update(`aba:${institution.key}`).digest();
  const d = Array.from(bytes.subarray(0, 8), (b) => b % 10);
  const weights = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = d.reduce((total, digit, i) => total + digit * weights[i]!, 0);
  return [`${d.join("")}${(10 - (sum % 10)) % 10}`];
}

function institutionJson(institution: WorldInstitution, withMetadata: boolean) {
  return {
    institution_id: plaidInstitutionId(institution),
    name: institution.name,
    country_codes: [institution.country],
    products: ["assets", "balance", "transactions"],
    routing_numbers: routingNumbers(institution),
    // European banks reach Plaid through PSD2 (OAuth) connections; US ones through credentials.
    oauth: institution.country !== "US",
    dtc_numbers: [],
    ...(withMetadata ? { logo: institution.logo, url: null, primary_color: null } : {}),
  };
}

export async function institutionsGet(_ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(institutionsGetRequest, body);
  if (!parsed.ok) return parsed.response;
  const { count, offset, country_codes, options } = parsed.data;
  const matching = servedByPlaid().filter((i) => country_codes.includes(i.country));
  return plaidOk({
    institutions: matching.slice(offset, offset + count).map((i) => institutionJson(i, options?.include_optional_metadata === true)),
    total: matching.length,
  });
}

export async function institutionsGetById(_ctx: SandboxContext, body: unknown): Promise<Response> {
  const parsed = parseBody(institutionsGetByIdRequest, body);
  if (!parsed.ok) return parsed.response;
  const institution = institutionByPlaidId(parsed.data.institution_id);
  if (!institution || !parsed.data.country_codes.includes(institution.country)) {
    return plaidError(400, "INVALID_INPUT", "INVALID_INSTITUTION", "invalid institution_id provided");
  }
  return plaidOk({ institution: institutionJson(institution, parsed.data.options?.include_optional_metadata === true) });
}
