import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { openPglite, type Database } from "@/db/client";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { importStatementFile } from "@/lib/banksync/statement-files/import";
import { parseStatement } from "@/lib/banksync/statement-files/parse";
import { stageStatementFile } from "@/lib/banksync/statement-files/stage";
import type { StatementFormat } from "@/lib/banksync/statement-files/types";
import { appClock } from "@/lib/clock";
import { camtEntries } from "@/test/files/camt";
import { csvLines, csvLinesMapping } from "@/test/files/csv";
import { freshDatabase, type Driver } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { child, lineStarting } from "./child";
import { sampleMemory, type MemoryPeaks, type Row } from "./measure";

/**
 * Statement files read and imported the way an upload is: the file streamed from disk through its
 * parser into the staging table (the preview), then into the journal in one transaction (Import).
 * Lines per second against the parser alone on the same file, and the peak memory of the process
 * doing it, in a process of its own per file.
 */

const IBAN = "BE71096123456769";
const CSV_LINES = 500_000;
const CAMT_ENTRIES = 100_000;

type Measurement = {
  bytes: number;
  fileLines: number;
  parseMs: number;
  stageMs: number;
  importMs: number;
  imported: number;
} & MemoryPeaks;

const mb = (bytes: number) => bytes / 1024 / 1024;

async function appDatabase(driver: Driver, dir: string): Promise<Database> {
  if (driver === "postgres") return freshDatabase("postgres");
  const database = openPglite(path.join(dir, "db"));
  await database.migrate();
  return database;
}

/** Child process: writes the file, parses it alone, then stages and imports it into a new journal. */
export async function measureFile(driver: Driver, format: StatementFormat, count: number): Promise<Measurement> {
  const dir = await mkdtemp(path.join(tmpdir(), "banksync-bench-files-"));
  const database = await appDatabase(driver, dir);
  try {
    const file = path.join(dir, format === "csv" ? "statement.csv" : "statement.xml");
    await pipeline(Readable.from(format === "csv" ? csvLines(count) : camtEntries(count, { iban: IBAN, currency: "EUR" })), createWriteStream(file));
    const { size } = await stat(file);
    const mapping = format === "csv" ? csvLinesMapping : null;

    let fileLines = 0;
    const parseStart = performance.now();
    for await (const item of parseStatement(format, createReadStream(file), mapping, "EUR")) if (item.type === "line") fileLines++;
    const parseMs = performance.now() - parseStart;

    const { db } = database;
    const co = await companyWithUsers(db, "Bench Files");
    const { journalId } = await addManualBankAccount(db, co.admin, { accountNumber: IBAN });
    const memory = sampleMemory();
    const stageStart = performance.now();
    // A 100,000-entry CAMT file is bigger than an upload may be (about 64 MB): the limit is lifted here only.
    const preview = await stageStatementFile(db, appClock, co.admin, journalId, { fileName: path.basename(file), format, csvMapping: mapping, body: createReadStream(file), maxBytes: size });
    const stageMs = performance.now() - stageStart;
    const importStart = performance.now();
    const result = await importStatementFile(db, appClock, co.admin, journalId, preview.importId);
    const importMs = performance.now() - importStart;
    return { bytes: size, fileLines, parseMs, stageMs, importMs, imported: result.imported, ...memory.stop() };
  } finally {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureInChild(driver: Driver, format: StatementFormat, count: number): Promise<Measurement> {
  const args = [driver, format, count].map((a) => JSON.stringify(a)).join(", ");
  const { process: proc, lines } = child(import.meta.url, `const m = await bench.measureFile(${args}); process.stdout.write("RESULT " + JSON.stringify(m) + "\\n", () => process.exit(0));`);
  const [result] = await Promise.all([lineStarting(lines, "RESULT "), once(proc, "exit")]);
  return JSON.parse(result) as Measurement;
}

export async function benchStatementFiles(driver: Driver): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [format, count, what] of [
    ["csv", CSV_LINES, "CSV"],
    ["camt053", CAMT_ENTRIES, "CAMT.053"],
  ] as const) {
    const m = await measureInChild(driver, format, count);
    const totalSeconds = (m.stageMs + m.importMs) / 1000;
    const unit = format === "csv" ? `${count.toLocaleString("en")} lines` : `${count.toLocaleString("en")} entries`;
    rows.push({
      name: `statement file, ${what} ${unit} (${driver})`,
      baseline: m.fileLines / (m.parseMs / 1000),
      measured: m.imported / totalSeconds,
      unit: "lines/s",
      note:
        `${mb(m.bytes).toFixed(1)} MB, ${m.imported.toLocaleString("en")} lines: preview ${(m.stageMs / 1000).toFixed(1)} s + import ${(m.importMs / 1000).toFixed(1)} s` +
        ` vs the parser alone ${(m.parseMs / 1000).toFixed(1)} s`,
    });
    rows.push({
      name: `statement file peak RSS, ${what} ${unit} (${driver})`,
      baseline: m.rssBeforeMb,
      measured: m.peakRssMb,
      unit: "MB",
      note: `RSS before the upload vs peak during preview and import; peak JS heap ${m.peakHeapMb.toFixed(0)} MB`,
    });
  }
  return rows;
}
