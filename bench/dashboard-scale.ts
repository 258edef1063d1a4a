import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "@/db/client";
import type { Driver } from "@/test/databases";
import type { Row } from "./measure";
import { emptyCompany, PASSWORD, scaleCompany, type ScaleCompany } from "./scale-data";
import { startWebServer, type WebServerOptions } from "./web-server";

// BENCH_SCALE_LINES makes a smaller company for a quick look; the goal is stated for the default.
const LINES = Number(process.env.BENCH_SCALE_LINES ?? 2_000_000);
const JOURNALS = 50;
const DAYS = 4 * 365;
const RUNS = 15;

type Prepared = { server: WebServerOptions["database"]; big: ScaleCompany; empty: ScaleCompany; emptyJournals: ScaleCompany; drop(): Promise<void> };

/**
 * The dashboard and the journal view as a user waits for them, from the real production server:
 * a company of 50 journals and 2,000,000 statement lines against a company of one empty journal, in
 * the same database. Server time is the median of RUNS requests (after one warm-up) to the last byte,
 * the two companies' asked in turn; peak RSS is the web process's (and its children's) during those
 * requests. The goal is at most 2×. A third company of 50 journals without lines tells what the
 * lines themselves cost, apart from drawing 50 cards instead of one.
 */
export async function benchDashboardScale(driver: Driver): Promise<Row[]> {
  const started = Date.now();
  const prepared = await prepare(driver);
  const generated = Date.now() - started;
  const server = await startWebServer({ database: prepared.server });
  try {
    const bigCookie = await server.signIn(prepared.big.adminEmail, PASSWORD);
    const emptyCookie = await server.signIn(prepared.empty.adminEmail, PASSWORD);
    const emptyJournalsCookie = await server.signIn(prepared.emptyJournals.adminEmail, PASSWORD);
    // The first catalog refresh (sandbox mode, empty catalog) would otherwise run amid the measures.
    await server.idle();
    const view = (company: ScaleCompany, query = "") => `/journals/${company.journalIds[0]}/reconciliation${query}`;
    const perJournal = Math.floor(LINES / JOURNALS);
    const lastPage = Math.ceil(perJournal / 50);
    /**
     * Median server time and peak RSS of the empty company's page and of the big one's, asked in
     * turn so that the load of the machine weighs on both alike.
     */
    const pair = async (emptyPath: string, bigPath: string, baselineCookie = emptyCookie) => {
      const sides = [
        { path: emptyPath, cookie: baselineCookie, times: [] as number[], rssMb: 0 },
        { path: bigPath, cookie: bigCookie, times: [] as number[], rssMb: 0 },
      ];
      for (const side of sides) await server.timeGet(side.path, side.cookie);
      for (let i = 0; i < RUNS; i++) {
        for (const side of sides) {
          server.resetPeak();
          side.times.push((await server.timeGet(side.path, side.cookie)).ms);
          side.rssMb = Math.max(side.rssMb, server.peakRssMb());
        }
      }
      const [empty, big] = sides.map((side) => ({ ms: side.times.sort((x, y) => x - y)[Math.floor(RUNS / 2)]!, rssMb: side.rssMb }));
      return { empty: empty!, big: big! };
    };

    const dashboard = await pair("/", "/");
    const cardsOnly = await pair("/", "/", emptyJournalsCookie);
    const toReconcile = await pair(view(prepared.empty), view(prepared.big));
    const all = await pair(view(prepared.empty, "?filter=all"), view(prepared.big, "?filter=all"));
    const last = await pair(view(prepared.empty, "?filter=all"), view(prepared.big, `?filter=all&page=${lastPage}`));

    const scale = `${JOURNALS} journals, ${LINES.toLocaleString("en")} lines vs 1 empty journal`;
    const oneJournal = `${perJournal.toLocaleString("en")} lines vs empty`;
    return [
      { name: `dashboard / (${driver})`, baseline: dashboard.empty.ms, measured: dashboard.big.ms, unit: "ms", note: `${scale}; goal ≤ 2× (data made in ${Math.round(generated / 1000)} s)` },
      { name: `dashboard / vs 50 empty journals (${driver})`, baseline: cardsOnly.empty.ms, measured: cardsOnly.big.ms, unit: "ms", note: `the same 50 cards, ${LINES.toLocaleString("en")} lines vs none: what the lines cost` },
      { name: `dashboard / peak RSS (${driver})`, baseline: dashboard.empty.rssMb, measured: dashboard.big.rssMb, unit: "MB", note: "web process during those requests" },
      { name: `journal view, To reconcile p. 1 (${driver})`, baseline: toReconcile.empty.ms, measured: toReconcile.big.ms, unit: "ms", note: `${oneJournal}, 5% to reconcile; goal ≤ 2×` },
      { name: `journal view peak RSS (${driver})`, baseline: toReconcile.empty.rssMb, measured: toReconcile.big.rssMb, unit: "MB", note: "web process during those requests" },
      { name: `journal view, All p. 1 (${driver})`, baseline: all.empty.ms, measured: all.big.ms, unit: "ms", note: `${oneJournal}, with running balances` },
      { name: `journal view, All last page (${driver})`, baseline: last.empty.ms, measured: last.big.ms, unit: "ms", note: `page ${lastPage} of ${lastPage} vs empty` },
    ];
  } finally {
    await server.stop();
    await prepared.drop();
  }
}

/**
 * The two companies in a new database, closed again before the server opens it (PGlite is one
 * process's): a PGlite folder in the temporary directory, or a throwaway database on the
 * PostgreSQL server of DATABASE_URL, analyzed as autovacuum would have after such an import.
 */
async function prepare(driver: Driver): Promise<Prepared> {
  const name = `banksync_bench_${randomBytes(6).toString("hex")}`;
  let database: Database;
  let server: WebServerOptions["database"];
  let drop: () => Promise<void>;
  if (driver === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "banksync-bench-"));
    database = openPglite(path.join(dataDir, "pglite"));
    server = { dataDir };
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    database = openPostgres(url.toString(), { max: 2 });
    server = { url: url.toString() };
    drop = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  try {
    await database.migrate();
    const empty = await emptyCompany(database.db, "Empty");
    const emptyJournals = await emptyCompany(database.db, "Fifty Empty", JOURNALS);
    const big = await scaleCompany(database.db, "Scale", { journals: JOURNALS, lines: LINES, days: DAYS });
    if (driver === "postgres") await database.db.execute(sql`analyze`);
    await database.close();
    return { server, big, empty, emptyJournals, drop };
  } catch (error) {
    await database.close();
    await drop();
    throw error;
  }
}
