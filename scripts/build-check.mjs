// Whether .next holds a build of the current sources, and how to make one: shared by `npm start`
// (scripts/start.mjs) and the benchmarks that run the real server (bench/web-server.ts).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const stampFile = path.join(root, ".next", "banksync-sources.sha256");
const sources = ["app", "components", "lib", "db", "public", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function* files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(full).sort()) {
    if (name.endsWith(".test.ts")) continue;
    yield* files(path.join(entry, name));
  }
}

/** A hash of everything the build is made from (tests left out). */
export function sourceHash() {
  const hash = createHash("sha256");
  for (const entry of sources) for (const file of files(entry)) hash.update(file).update("\0").update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

/** True when .next holds a finished build stamped with the current sources' hash. */
export function isBuilt(hash = sourceHash()) {
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
}

/** Runs `next <args>` in the repository and answers its exit code (1 when killed by a signal). */
export function runNext(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, stdio: options.stdio ?? "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

/** Builds when no build of the current sources exists; answers false when the build failed. */
export async function ensureBuild(options = {}) {
  const hash = sourceHash();
  if (isBuilt(hash)) return true;
  process.stderr.write("Building Banksync (first start or changed sources)…\n");
  if ((await runNext(["build"], options)) !== 0) return false;
  writeFileSync(stampFile, hash);
  return true;
}
