// `npm start`: builds when no build of the current sources exists, then serves on PORT (default 3000).
// Migrations and the headless seed run in instrumentation.ts before the server answers.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const stampFile = path.join(root, ".next", "banksync-sources.sha256");
const sources = ["app", "components", "lib", "db", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

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

function sourceHash() {
  const hash = createHash("sha256");
  for (const entry of sources) for (const file of files(entry)) hash.update(file).update("\0").update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const hash = sourceHash();
const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
if (!built) {
  process.stderr.write("Building Banksync (first start or changed sources)…\n");
  const code = await run(["build"]);
  if (code !== 0) process.exit(code);
  writeFileSync(stampFile, hash);
}
const port = process.env.PORT || "3000";
process.exit(await run(["start", "--port", port]));
