import { sql } from "drizzle-orm";
import { resultRows, type Db } from "@/db/client";

/** Each table's row count and an md5 of its rows' text, sorted: any insert, update or delete changes it. */
export type Fingerprint = Record<string, string>;

type Table = { schema: string; name: string; hasCompanyId: boolean };

const known = new WeakMap<Db, Promise<Table[]>>();

/** The database's tables, read once: the calls under test never create one. */
function tables(db: Db): Promise<Table[]> {
  let list = known.get(db);
  if (!list) known.set(db, (list = listTables(db)));
  return list;
}

async function listTables(db: Db): Promise<Table[]> {
  const rows = resultRows<{ table_schema: string; table_name: string; has_company_id: boolean }>(
    await db.execute(sql`
      select t.table_schema, t.table_name,
        exists (select 1 from information_schema.columns c
                where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'company_id') as has_company_id
      from information_schema.tables t
      where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema')
      order by 1, 2`),
  );
  return rows.map((r) => ({ schema: r.table_schema, name: r.table_name, hasCompanyId: r.has_company_id }));
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function hashTables(db: Db, parts: { label: string; from: string; where: string }[]): Promise<Fingerprint> {
  const query = parts
    .map(
      ({ label, from, where }) =>
        `select '${label.replaceAll("'", "''")}' as label, count(*)::text || ' rows ' || md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as hash from ${from} t${where}`,
    )
    .join("\nunion all\n");
  const rows = resultRows<{ label: string; hash: string }>(await db.execute(sql.raw(query)));
  return Object.fromEntries(rows.map((r) => [r.label, r.hash]));
}

/** Every table of every schema: the app's, pg-boss's queue, the sandbox's world, the migrations' record. */
export async function databaseFingerprint(db: Db): Promise<Fingerprint> {
  const all = await tables(db);
  return hashTables(
    db,
    all.map((t) => ({ label: `${t.schema}.${t.name}`, from: `${quoted(t.schema)}.${quoted(t.name)}`, where: "" })),
  );
}

/** The rows of one company: its own row and every row of a table with a company_id that is its. */
export async function companyFingerprint(db: Db, companyId: string): Promise<Fingerprint> {
  if (!/^[0-9a-f-]{36}$/.test(companyId)) throw new Error(`not a company id: ${companyId}`);
  const all = await tables(db);
  return hashTables(db, [
    { label: "public.companies", from: "public.companies", where: ` where t.id = '${companyId}'` },
    ...all
      .filter((t) => t.hasCompanyId)
      .map((t) => ({ label: `${t.schema}.${t.name}`, from: `${quoted(t.schema)}.${quoted(t.name)}`, where: ` where t.company_id = '${companyId}'` })),
  ]);
}

/** The tables whose fingerprint differs, for a readable failure. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
