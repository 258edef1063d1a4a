import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { openPostgres, type Database } from "@/db/client";
import type { ProviderId } from "@/lib/banksync/providers/types";
import type { Driver } from "@/test/databases";
import { spawnWorker, type WorkerProcess } from "@/test/worker-process";
import { cpuSnapshot, cpuUsed, type CpuUsed } from "./cpu";
import { FLEET_APP_SECRET, fleetProviders, prepareFleet } from "./fleet";
import type { Row } from "./measure";
import { startWebServer, type WebServer } from "./web-server";

/** Connections due at once (BENCH_FLEET to try another size). */
const FLEET = Number(process.env.BENCH_FLEET ?? 2_000);
/** Added by the sandbox to every provider call: a bank-data API's usual answer time (BENCH_LATENCY_MS for quick runs). */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
/** BENCH_WORKERS=1: only the tick with one worker process (quicker, for CPU figures). */
const TWO_WORKERS = process.env.BENCH_WORKERS !== "1";
/**
 * Calls at once per provider and process (PROVIDER_CONCURRENCY). Salt Edge is allowed more: its
 * adapter makes 17 calls per Sandbox Bank connection (one refresh, the whole history of each account
 * as Salt Edge is not date-windowed, one accounts list for the balances), the others 4 to 6.
 */
const PER_PROVIDER: Record<ProviderId, number> = { gocardless: 4, plaid: 4, enablebanking: 4, saltedge: 16 };
/** Synchronizations at once per process: twice each provider's calls at once, as the app sets by default. */
const SYNCS_AT_ONCE = Object.values(PER_PROVIDER).reduce((sum, n) => sum + 2 * n, 0);

type Stats = { providers: Record<ProviderId, { latencyMs: number; calls: number; maxInFlight: number }> };
type Tick = { runs: { connection: string; status: string; imported: number; error?: string }[] };

/** A control call over node:http, which, unlike fetch, waits as long as the tick takes. */
function control<T>(server: WebServer, call: string, body: unknown = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const sent = request(`${server.url}/sandbox/control/${call}`, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => {
        if (response.statusCode !== 200) reject(new Error(`control ${call} answered ${response.statusCode}: ${text.slice(0, 500)}`));
        else resolve(JSON.parse(text) as T);
      });
    });
    sent.on("error", reject);
    sent.end(JSON.stringify(body));
  });
}

/** Provider calls so far, every 10 s on stderr, while a tick runs. */
function reportProgress(server: WebServer): () => void {
  const start = performance.now();
  const timer = setInterval(() => {
    control<Stats>(server, "stats")
      .then(({ providers }) => {
        const calls = Object.entries(providers).map(([p, s]) => `${p} ${s.calls}`).join(", ");
        process.stderr.write(`  scheduler tick, ${((performance.now() - start) / 1000).toFixed(0)} s: ${calls} calls\n`);
      })
      .catch(() => undefined);
  }, 10_000);
  return () => clearInterval(timer);
}

type Measured = {
  seconds: number;
  idealSeconds: number;
  calls: number;
  callsBy: Record<string, number>;
  maxInFlight: Record<string, number>;
  webPeakMb: number;
  webBeforeMb: number;
  cpu: CpuUsed;
};

/** What tick() needs to read the CPU time of the processes at work. */
type Processes = { sql: postgres.Sql; database: string; web: WebServer; workers: WorkerProcess[] };

/**
 * One tick of the real scheduler over the whole fleet, through the sandbox's control call: its time
 * against the ideal — each provider's calls × latency ÷ the calls it allows at once (all processes
 * together), the slowest provider setting the pace — and checks that every connection ran once.
 */
async function tick(server: WebServer, processes: number, at: Processes): Promise<Measured> {
  await control(server, "stats", { reset: true });
  server.resetPeak();
  const webBeforeMb = server.memory();
  const snapshot = () => cpuSnapshot(at.sql, at.database, at.web.pid, at.workers.map((w) => w.pid));
  const cpuBefore = await snapshot();
  const start = performance.now();
  const stopReporting = reportProgress(server);
  const { runs } = await control<Tick>(server, "run-scheduled-sync").finally(stopReporting);
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuUsed(cpuBefore, await snapshot());
  const { providers } = await control<Stats>(server, "stats");

  const connections = new Set(runs.map((r) => r.connection));
  const failed = runs.filter((r) => r.status !== "succeeded");
  if (runs.length !== FLEET || connections.size !== FLEET || failed.length > 0) {
    throw new Error(`the tick ran ${runs.length} runs of ${connections.size} connections, ${failed.length} not succeeded: ${JSON.stringify(failed.slice(0, 3))}`);
  }
  const idealSeconds = Math.max(...Object.entries(providers).map(([p, s]) => (s.calls * LATENCY_MS) / (PER_PROVIDER[p as ProviderId] * processes))) / 1000;
  return {
    seconds,
    idealSeconds,
    calls: Object.values(providers).reduce((sum, p) => sum + p.calls, 0),
    callsBy: Object.fromEntries(Object.entries(providers).map(([p, s]) => [p, s.calls])),
    maxInFlight: Object.fromEntries(Object.entries(providers).map(([p, s]) => [p, s.maxInFlight])),
    webPeakMb: server.peakRssMb(),
    webBeforeMb,
    cpu,
  };
}

/** The highest RSS a process reached (its high-water mark), in MB. */
function peakRssOf(pid: number): number {
  return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

function rows(label: string, m: Measured, processes: number, extra: string, fleet: Record<string, number>): Row[] {
  const inFlight = Object.entries(m.maxInFlight).map(([p, n]) => `${p} ${n}`).join(", ");
  const perConnection = Object.entries(fleet)
    .map(([p, n]) => `${p} ${((m.callsBy[p] ?? 0) / n).toFixed(1)}`)
    .join(", ");
  const perMs = (ms: number) => ms / FLEET;
  const total = m.cpu.workers + m.cpu.web + m.cpu.postgres;
  // The CPU a connection may take for the tick to keep the ideal pace on this machine's cores.
  const budget = (availableParallelism() * m.idealSeconds * 1000) / FLEET;
  return [
    {
      name: `scheduler, ${FLEET} connections due (${label})`,
      baseline: m.idealSeconds,
      measured: m.seconds,
      unit: "s",
      note: `efficiency ${(m.idealSeconds / m.seconds).toFixed(2)} (goal ≥ 0.8): ${m.calls} calls × ${LATENCY_MS} ms, slowest provider's calls ÷ its limit × ${processes}; most at once seen: ${inFlight}`,
    },
    { name: `provider calls per connection (${label})`, baseline: m.calls / FLEET, measured: m.calls / FLEET, unit: "calls", note: perConnection },
    {
      name: `CPU per connection synchronized (${label})`,
      baseline: budget,
      measured: perMs(total),
      unit: "ms",
      note:
        `workers ${perMs(m.cpu.workers).toFixed(0)}, web (sandbox) ${perMs(m.cpu.web).toFixed(0)}, PostgreSQL ${perMs(m.cpu.postgres).toFixed(0)} ms; ` +
        `baseline: ${availableParallelism()} cores × ideal ÷ connections, above it the tick is CPU-bound; load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    },
    { name: `CPU per connection, worker processes only (${label})`, baseline: budget, measured: perMs(m.cpu.workers), unit: "ms", note: "user + system from /proc/<pid>/stat" },
    { name: `web process RSS during the tick (${label})`, baseline: m.webBeforeMb, measured: m.webPeakMb, unit: "MB", note: `before vs peak${extra}` },
  ];
}

const serverEnv = (extra: Record<string, string>) => ({
  APP_SECRET: FLEET_APP_SECRET,
  PROVIDER_CONCURRENCY: Object.entries(PER_PROVIDER).map(([p, n]) => `${p}=${n}`).join(","),
  SYNC_HEARTBEAT_MS: "5000",
  ...extra,
});

async function onPostgres(): Promise<Row[]> {
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `banksync_bench_${randomBytes(5).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const workers: WorkerProcess[] = [];
  try {
    const made = await prepareFleet("postgres", { ...(await migrated(openPostgres(url.toString(), { max: 5 }))), url: url.toString() }, FLEET, fleetProviders());
    if (made.connections !== FLEET) throw new Error(`the fleet holds ${made.connections} connections, not ${FLEET}: choose a multiple of ${made.providers.length}`);
    const fleet = await connectionsByProvider(url.toString());
    const port = 3411;
    // The web process only serves (and queues): the synchronizations are the worker processes'.
    const server = await startWebServer({ database: { url: url.toString() }, port, env: serverEnv({ PORT: String(port), SYNC_CONCURRENCY: "0" }) });
    try {
      await control(server, "latency", { ms: LATENCY_MS });
      const workerEnv = serverEnv({ DATABASE_URL: url.toString(), BANKSYNC_MODE: "sandbox", SANDBOX_URL: `${server.url}/sandbox`, SYNC_CONCURRENCY: String(SYNCS_AT_ONCE) });
      const addWorker = async () => {
        const worker = spawnWorker(workerEnv);
        workers.push(worker);
        await worker.ready;
      };
      await addWorker();
      const at: Processes = { sql: admin, database: name, web: server, workers };
      const one = await tick(server, 1, at);
      const oneWorkerMb = peakRssOf(workers[0]!.pid);
      const oneRows = rows("postgres, 1 worker process", one, 1, `; the worker's peak ${oneWorkerMb.toFixed(0)} MB`, fleet);
      if (!TWO_WORKERS) return oneRows;
      // Every connection due again a day later (a new day for the providers' daily limits too), with a second worker process.
      await control(server, "clock", { advanceHours: 24 });
      await addWorker();
      const two = await tick(server, 2, at);
      const twoWorkersMb = Math.max(...workers.map((w) => peakRssOf(w.pid)));
      await exactlyOnce(url.toString(), 2);
      return [
        ...oneRows,
        ...rows("postgres, 2 worker processes", two, 2, `; each worker's peak ≤ ${twoWorkersMb.toFixed(0)} MB`, fleet),
        { name: `scheduler, 2 worker processes vs 1 (postgres)`, baseline: one.seconds, measured: two.seconds, unit: "s", note: "goal: close to half (0.5×)" },
      ];
    } finally {
      await Promise.all(workers.map((w) => w.kill("SIGTERM")));
      await server.stop();
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function migrated(database: Database): Promise<Database> {
  await database.migrate();
  return database;
}

/** The fleet's connections per provider: calls per connection are counted per provider. */
async function connectionsByProvider(url: string): Promise<Record<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const counts = await sql<{ provider: string; n: number }[]>`select provider, count(*)::int as n from connections group by provider order by provider`;
    return Object.fromEntries(counts.map(({ provider, n }) => [provider, n]));
  } finally {
    await sql.end();
  }
}

/** Every connection has exactly `ticks` scheduled runs, all succeeded: none skipped, none twice. */
async function exactlyOnce(url: string, ticks: number): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const wrong = await sql`
      select c.id, count(r.id) filter (where r.status = 'succeeded') as succeeded, count(r.id) as runs
      from connections c left join sync_runs r on r.connection_id = c.id and r.trigger = 'scheduled'
      group by c.id having count(r.id) <> ${ticks} or count(r.id) filter (where r.status = 'succeeded') <> ${ticks}`;
    if (wrong.length > 0) throw new Error(`${wrong.length} connections were not synchronized exactly once per tick, e.g. ${JSON.stringify(wrong[0])}`);
  } finally {
    await sql.end();
  }
}

/**
 * The scheduler at scale: 2,000 connections due at once, every provider call slowed by the sandbox,
 * each provider's limit of calls at once kept, on PostgreSQL with one then two `npm run worker`
 * processes. Not on PGlite: the embedded default is one process for one office, and 2,000
 * connections are a deployment's (README, "Deploying").
 */
export async function benchScheduler(driver: Driver): Promise<Row[]> {
  return driver === "postgres" ? onPostgres() : [];
}
