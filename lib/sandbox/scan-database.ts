import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { resultRows, type Db } from "@/db/client";

/**
 * Control API `scan-database`: which columns of which tables hold any of the given strings. Every
 * text-like column (text, varchar, char, json, jsonb, bytea, arrays) of every table outside
 * PostgreSQL's own schemas is searched, so a new table or column cannot be forgotten
 * (e2e/secrets.spec.ts looks for the sandbox's issued secrets with it).
 */

export const scanDatabaseInput = z.object({ needles: z.array(z.string().min(4).max(1000)).min(1).max(5000) });

export type ScanHit = { table: string; column: string; needle: number };
export type ScanResult = { tables: number; columns: number; hits: ScanHit[] };

type Column = { schema: string; table: string; column: string; type: string };

/** Rows shown per table with a hit: enough to say which needles are there. */
const ROWS_PER_TABLE = 200;

async function textColumns(db: Db): Promise<Column[]> {
  const rows = resultRows<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_schema, c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where t.table_type = 'BASE TABLE'
        and c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg\\_%'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
      order by c.table_schema, c.table_name, c.ordinal_position`),
  );
  return rows.map((r) => ({ schema: r.table_schema, table: r.table_name, column: r.column_name, type: r.data_type }));
}

/** The column as text: bytea through the escape encoding, which keeps printable ASCII as it is. */
function asText(column: Column): SQL {
  const name = sql.identifier(column.column);
  return column.type === "bytea" ? sql`encode(${name}, 'escape')` : sql`${name}::text`;
}

export async function scanDatabase(db: Db, needles: string[]): Promise<ScanResult> {
  const byTable = new Map<string, Column[]>();
  for (const c of await textColumns(db)) {
    const key = `${c.schema}.${c.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), c]);
  }
  const list = sql.join(
    needles.map((n) => sql`${n}`),
    sql`, `,
  );
  const hits: ScanHit[] = [];
  let columns = 0;
  for (const [, cols] of byTable) {
    columns += cols.length;
    const { schema, table } = cols[0]!;
    const values = sql.join(
      cols.map((c, i) => sql`${asText(c)} as ${sql.identifier(`c${i}`)}`),
      sql`, `,
    );
    const matches = sql.join(
      cols.map((c) => sql`strpos(${asText(c)}, n.v) > 0`),
      sql` or `,
    );
    // One pass over each table; which column and needle matched is worked out here, from the few rows that did.
    const rows = resultRows<Record<string, string | null>>(
      await db.execute(sql`
        select ${values} from ${sql.identifier(schema)}.${sql.identifier(table)}
        where exists (select 1 from unnest(array[${list}]::text[]) as n(v) where ${matches})
        limit ${ROWS_PER_TABLE}`),
    );
    const found = new Set<string>();
    for (const row of rows) {
      cols.forEach((c, i) => {
        const value = row[`c${i}`];
        if (value == null) return;
        needles.forEach((needle, n) => {
          const key = `${c.column}\u0000${n}`;
          if (!found.has(key) && value.includes(needle)) {
            found.add(key);
            hits.push({ table: schema === "public" ? table : `${schema}.${table}`, column: c.column, needle: n });
          }
        });
      });
    }
  }
  return { tables: byTable.size, columns, hits };
}
