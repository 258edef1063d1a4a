import type { NextRequest } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { searchInstitutions } from "@/lib/banksync/institutions";
import { isCountryCode } from "@/lib/countries";
import { currentUser, isSetUp } from "@/lib/session";

const query = z.object({
  q: z.string().max(100, "Institutions.queryTooLong").default(""),
  country: z
    .union([z.literal("all"), z.string().toUpperCase().refine(isCountryCode, "Institutions.invalidCountry")])
    .default("all"),
});

/** The "Add a Bank Account" dialog's search, as the user types. */
export async function GET(request: NextRequest) {
  // An API answers 401 rather than redirecting to /login as pages do.
  if (!(await isSetUp())) return Response.json({ error: (await serverTranslator())("Institutions.signInFirst") }, { status: 401 });
  const user = await currentUser();
  if (!user || user.memberships.length === 0) return Response.json({ error: (await serverTranslator())("Institutions.signInFirst") }, { status: 401 });
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) {
    // The schema's messages are catalog keys.
    const t = await serverTranslator();
    return Response.json({ error: parsed.error.issues.map((i) => (t.has(i.message) ? t(i.message) : i.message)).join(" ") }, { status: 400 });
  }
  const { q, country } = parsed.data;
  const institutions = await searchInstitutions(await getDb(), { query: q, country: country === "all" ? null : country });
  return Response.json({ institutions }, { headers: { "Cache-Control": "private, no-store" } });
}
