import { sql } from "drizzle-orm";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { listJournalCards, listStatementLines } from "@/lib/banksync/journals";
import { companyWithUsers } from "@/test/fixtures";
import { median, type Row } from "./measure";

const LINES = 100_000;

async function fill(database: Database, journalId: string, companyId: string, count: number) {
  // One statement: generate_series makes the lines inside the database.
  await database.db.execute(sql`
    insert into statement_lines (company_id, journal_id, date, amount_minor, currency, label, source)
    select ${companyId}, ${journalId}, date '2020-01-01' + (i / 40), ((i * 7919) % 200001) - 100000, 'EUR',
           'Line ' || i, 'manual'
    from generate_series(1, ${count}) as i`);
}

/** Server time of the journal view's first, middle and last page and of the dashboard, empty vs 100,000 lines. */
export async function benchJournalView(driver: "pglite" | "postgres"): Promise<Row[]> {
  const database = driver === "pglite" ? openPglite(undefined) : openPostgres(process.env.DATABASE_URL!);
  await database.migrate();
  try {
    const co = await companyWithUsers(database.db, `Bench ${Date.now()}`);
    const empty = await addManualBankAccount(database.db, co.admin, { accountNumber: `BENCH-${Date.now()}-0` });
    const full = await addManualBankAccount(database.db, co.admin, { accountNumber: `BENCH-${Date.now()}-1` });
    await fill(database, full.journalId, co.companyId, LINES);
    const page = (journalId: string, n: number) => () => listStatementLines(database.db, co.viewer, journalId, { page: n, pageSize: 50 });
    const rows: Row[] = [];
    const baseline = await median(page(empty.journalId, 1));
    rows.push({ name: `journal view, page 1 (${driver})`, baseline, measured: await median(page(full.journalId, 1)), unit: "ms", note: `${LINES} lines vs empty` });
    rows.push({ name: `journal view, middle page (${driver})`, baseline, measured: await median(page(full.journalId, LINES / 100)), unit: "ms", note: "page 1000 of 2000" });
    rows.push({ name: `journal view, last page (${driver})`, baseline, measured: await median(page(full.journalId, LINES / 50)), unit: "ms", note: "page 2000 of 2000" });
    rows.push({
      name: `dashboard cards (${driver})`,
      baseline: await (async () => {
        const other = await companyWithUsers(database.db, `Empty ${Date.now()}`);
        await addManualBankAccount(database.db, other.admin, { accountNumber: `BENCH-${Date.now()}-2` });
        return median(() => listJournalCards(database.db, other.viewer, "2026-11-26"));
      })(),
      measured: await median(() => listJournalCards(database.db, co.viewer, "2026-11-26")),
      unit: "ms",
      note: `2 journals, ${LINES} lines vs 1 empty journal`,
    });
    return rows;
  } finally {
    await database.close();
  }
}
