import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { ensureBuild, nextBin, root } from "../scripts/build-check.mjs";

export { ensureBuild };

export type WebServerOptions = {
  /** Where the app's data lives: a PGlite folder (prepared and closed beforehand: PGlite is one process's), or a PostgreSQL URL. */
  database: { dataDir: string } | { url: string };
  /** The headless seed's first admin (ADMIN_EMAIL / ADMIN_PASSWORD); omitted when the database already has users. */
  admin?: { email: string; password: string };
  /** More environment for the server (SYNC_HEARTBEAT_MS, SUPPORT_EMAIL…); wins over everything else. */
  env?: Record<string, string>;
  /** A free one when omitted. */
  port?: number;
  /** How often the RSS is sampled for peakRssMb(). */
  sampleMs?: number;
  /** How long the server may take to answer its first request (migrations run before it does). */
  readyTimeoutMs?: number;
  /** Build first when .next holds no build of the current sources (default true). */
  build?: boolean;
  /** Options for the server's Node (--cpu-prof, --max-old-space-size…), which NODE_OPTIONS does not all take. */
  nodeArgs?: string[];
};

export type TimedGet = { ms: number; status: number; bytes: number };

export type WebServer = {
  url: string;
  pid: number;
  /** Signs in through Auth.js's credentials endpoint as a browser would; answers a Cookie header for fetch. */
  signIn(email: string, password: string): Promise<string>;
  /** Server time of a GET: from sending the request to the response's last byte. Throws on anything but 200. */
  timeGet(path: string, cookie?: string): Promise<TimedGet>;
  /** The RSS of the server process and its descendants now, in MB. */
  memory(): number;
  /**
   * Resolves once the server (and its children) used under `busyShare` of a core for `quietMs` on
   * end: its start-up work done (in sandbox mode, the first catalog refresh writes thousands of
   * banks a few seconds after the start). Linux only; elsewhere it waits `quietMs`.
   */
  idle(options?: { quietMs?: number; busyShare?: number; timeoutMs?: number }): Promise<void>;
  /** The highest RSS sampled since the start or the last resetPeak(), in MB. */
  peakRssMb(): number;
  resetPeak(): void;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
};

/**
 * The real production server (`next start` on the repository's .next build) for the benchmarks
 * that measure what a user waits for and what the web process holds. Runs in sandbox mode with
 * warnings-only logs and its own secrets, so it writes nothing outside the data folder it is given.
 * It runs in a process group of its own, so stop() and kill() reach anything it spawned; the group
 * is killed when this process exits too, so a failing benchmark leaves no server behind.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  if (options.build !== false && !(await ensureBuild())) throw new Error("next build failed");
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    BANKSYNC_MODE: "sandbox",
    LOG_LEVEL: "warn",
    APP_SECRET: randomBytes(32).toString("base64url"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ...("url" in options.database ? { DATABASE_URL: options.database.url } : { DATABASE_URL: "", BANKSYNC_DATA_DIR: options.database.dataDir }),
    ...(options.admin ? { ADMIN_EMAIL: options.admin.email, ADMIN_PASSWORD: options.admin.password } : {}),
    ...options.env,
  };
  if (!options.admin) {
    delete env.ADMIN_EMAIL;
    delete env.ADMIN_PASSWORD;
  }
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const pid = child.pid!;
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  const killOnExit = () => signalGroup("SIGKILL");
  process.once("exit", killOnExit);

  const rssMb = treeMemory(pid);
  let peak = 0;
  const sample = () => {
    if (running) peak = Math.max(peak, rssMb());
  };
  const sampler = setInterval(sample, options.sampleMs ?? 25);
  sampler.unref();

  const finish = async (signal: NodeJS.Signals, graceMs: number) => {
    clearInterval(sampler);
    if (running) {
      signalGroup(signal);
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    process.off("exit", killOnExit);
  };

  try {
    await waitUntilAnswering(url, options.readyTimeoutMs ?? 120_000, () => running, () => stderr);
  } catch (error) {
    await finish("SIGKILL", 0);
    throw error;
  }
  sample();

  return {
    url,
    pid,
    signIn: (email, password) => signIn(url, email, password),
    async timeGet(path, cookie) {
      const start = performance.now();
      const response = await fetch(url + path, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      const body = await response.arrayBuffer();
      const ms = performance.now() - start;
      // A redirect (to /login, say) would time another page than the one asked for.
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}${response.headers.get("location") ? ` → ${response.headers.get("location")}` : ""}`);
      return { ms, status: response.status, bytes: body.byteLength };
    },
    memory: rssMb,
    async idle({ quietMs = 3_000, busyShare = 0.05, timeoutMs = 300_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      const samples: { at: number; cpuMs: number }[] = [];
      for (;;) {
        samples.push({ at: Date.now(), cpuMs: treeCpuMs(pid) });
        // Keep the newest sample at least quietMs old as the window's start.
        while (samples.length > 2 && samples[1]!.at <= Date.now() - quietMs) samples.shift();
        const first = samples[0]!;
        const last = samples.at(-1)!;
        if (last.at - first.at >= quietMs && (last.cpuMs - first.cpuMs) / (last.at - first.at) < busyShare) return;
        if (Date.now() > deadline) throw new Error(`the server was still busy after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    peakRssMb() {
      sample();
      return peak;
    },
    resetPeak() {
      peak = 0;
      sample();
    },
    stop: (graceMs = 15_000) => finish("SIGTERM", graceMs),
    kill: () => finish("SIGKILL", 0),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(url: string, timeoutMs: number, running: () => boolean, stderr: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!running()) throw new Error(`the server exited before answering:\n${stderr()}`);
    try {
      const response = await fetch(`${url}/login`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within ${timeoutMs} ms:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The name=value pairs of a response's Set-Cookie headers, by name. */
function cookiesOf(response: Response, into = new Map<string, string>()) {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0]!;
    const at = pair.indexOf("=");
    into.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return into;
}

const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");

async function signIn(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = cookiesOf(csrf);
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${url}/` }),
    redirect: "manual",
  });
  await response.arrayBuffer();
  cookiesOf(response, cookies);
  // Auth.js splits a large session token into .0, .1… chunks; any of them means signed in.
  if (![...cookies.keys()].some((name) => /^(__Secure-)?authjs\.session-token/.test(name))) {
    throw new Error(`sign-in as ${email} failed (${response.status} → ${response.headers.get("location")})`);
  }
  return cookieHeader(cookies);
}

/**
 * RSS of a process and its descendants in MB. On Linux the descendants are looked up from /proc at
 * most every half second (a scan of every process) and each sample reads only their status files,
 * so sampling every few milliseconds costs the machine little; elsewhere `ps` answers both.
 */
function treeMemory(pid: number): () => number {
  if (!existsSync("/proc/self/status")) return () => sumTree(pid, psTable());
  let pids: number[] = [pid];
  let lookedUp = 0;
  return () => {
    if (Date.now() - lookedUp > 500) {
      pids = descendants(pid, procTable());
      lookedUp = Date.now();
    }
    let kb = 0;
    for (const p of pids) {
      try {
        kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // It ended since the lookup.
      }
    }
    return kb / 1024;
  };
}

type ProcessRow = { pid: number; ppid: number; rssKb: number };

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user and system) used so far by a process and its descendants, in ms; 0 without /proc. */
export function treeCpuMs(pid: number): number {
  if (!existsSync("/proc/self/stat")) return 0;
  let ticks = 0;
  for (const p of descendants(pid, procTable())) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // It ended meanwhile.
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

function descendants(pid: number, table: Map<number, ProcessRow>): number[] {
  const children = new Map<number, number[]>();
  for (const { pid: p, ppid } of table.values()) children.set(ppid, [...(children.get(ppid) ?? []), p]);
  const found: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    found.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return found;
}

function sumTree(pid: number, table: Map<number, ProcessRow>): number {
  return descendants(pid, table).reduce((kb, p) => kb + (table.get(p)?.rssKb ?? 0), 0) / 1024;
}

/** Parent of every process, from /proc/<pid>/stat (RSS left out: the samples read it from status). */
function procTable(): Map<number, ProcessRow> {
  const table = new Map<number, ProcessRow>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The fields after the command (which may hold spaces and parentheses): state, then ppid.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      table.set(Number(name), { pid: Number(name), ppid, rssKb: 0 });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return table;
}

function psTable(): Map<number, ProcessRow> {
  const table = new Map<number, ProcessRow>();
  for (const line of execFileSync("ps", ["-A", "-o", "pid=,ppid=,rss="], { encoding: "utf8" }).split("\n")) {
    const [pid, ppid, rssKb] = line.trim().split(/\s+/).map(Number);
    if (pid) table.set(pid, { pid, ppid: ppid!, rssKb: rssKb! });
  }
  return table;
}
