import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Runs `call` (code calling the exports of the module at `moduleUrl` as `bench`) in a new Node process
 * with tsx and --expose-gc, so its memory figures are its own.
 */
export function child(moduleUrl: string, call: string): { process: ChildProcess; lines: AsyncIterableIterator<string> } {
  const code = `const bench = await import(${JSON.stringify(moduleUrl)}); ${call}`;
  const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "--eval", code], { stdio: ["pipe", "pipe", "inherit"] });
  return { process: proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

/** The rest of the child's first output line starting with `prefix`. */
export async function lineStarting(lines: AsyncIterableIterator<string>, prefix: string): Promise<string> {
  for await (const line of lines) if (line.startsWith(prefix)) return line.slice(prefix.length);
  throw new Error(`the child process ended without "${prefix.trim()}"`);
}
