import { spawn } from "node:child_process";
import path from "node:path";

export type WorkerProcess = {
  pid: number;
  /** Resolves once the worker logged that it started; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves once the worker logged `message`; rejects if it exits first. */
  logged(message: string): Promise<void>;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote, for a failing test's message. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const root = path.resolve(import.meta.dirname, "..");

/**
 * `npm run worker` (or another worker entry, relative to the repository) as a real process: node with
 * tsx's loader in the process itself (the tsx CLI would put a second process between the test and the
 * worker, and a SIGKILL would miss the one doing the work). `env` is added to the test's environment.
 */
export function spawnWorker(env: Record<string, string>, script = "scripts/worker.ts"): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, script)], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close", not "exit": by then everything it wrote has been read.
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  const logged = (message: string) => {
    const marker = `"message":${JSON.stringify(message)}`;
    const seen = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!output.includes(marker)) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
      void exited.then(({ code, signal }) => reject(new Error(`worker exited (code ${code}, signal ${signal}) before it logged "${message}":\n${output}`)));
    });
    // A test that fails before awaiting it must not also report an unhandled rejection.
    seen.catch(() => undefined);
    return seen;
  };
  const ready = logged("worker started");
  return {
    pid: child.pid!,
    ready,
    logged,
    exited,
    output: () => output,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
