import { benchInstitutionSearch } from "./institution-search";
import { benchJournalView } from "./journal-view";
import { printTable, type Row } from "./measure";

/** `npm run bench`: every benchmark, one table. PostgreSQL rows too when DATABASE_URL is set. */
const rows: Row[] = [...(await benchJournalView("pglite"))];
if (process.env.DATABASE_URL) rows.push(...(await benchJournalView("postgres")));
rows.push(...(await benchInstitutionSearch("pglite")));
if (process.env.DATABASE_URL) rows.push(...(await benchInstitutionSearch("postgres")));
printTable(rows);
