import type { Driver } from "@/test/databases";
import { benchDashboardScale } from "./dashboard-scale";
import { benchImportThroughput } from "./import-throughput";
import { benchInstitutionSearch } from "./institution-search";
import { printTable, type Row } from "./measure";
import { benchScheduler } from "./scheduler";
import { benchStatementFiles } from "./statement-files";

const benchmarks: Record<string, (driver: Driver) => Promise<Row[]>> = {
  "dashboard-scale": benchDashboardScale,
  "institution-search": benchInstitutionSearch,
  "import-throughput": benchImportThroughput,
  "statement-files": benchStatementFiles,
  scheduler: benchScheduler,
};

/**
 * `npm run bench`: every benchmark, one table; `npm run bench -- import-throughput` only the ones
 * named. PostgreSQL rows too when DATABASE_URL is set.
 */
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  process.stderr.write(`No benchmark named ${unknown.join(", ")}. Choose from: ${Object.keys(benchmarks).join(", ")}.\n`);
  process.exit(2);
}
const drivers: Driver[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
const rows: Row[] = [];
for (const [name, bench] of Object.entries(benchmarks)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  for (const driver of drivers) rows.push(...(await bench(driver)));
}
printTable(rows);
