import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Where the app's server-side entry points live, relative to the project. */
const ROOT = path.resolve(import.meta.dirname, "..", "..");

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type EntryPoint = {
  /** "app/(app)/actions.ts#addBankAccount", "app/api/institutions/search/route.ts#GET" */
  key: string;
  kind: "action" | "route";
  file: string;
  name: string;
  fn: (...args: never[]) => Promise<unknown>;
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : walk(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The directive as the file's first statement (comments before it are allowed, as in JavaScript). */
function startsWithUseServer(source: string): boolean {
  const code = source.replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^["']use server["']/.test(code);
}

/** Files that mention the directive anywhere: an inline server action in a page would hide from the walk below. */
export function filesMentioningUseServer(dirs: string[]): { file: string; atTop: boolean }[] {
  return dirs
    .flatMap((dir) => walk(path.join(ROOT, dir)))
    .map((full) => ({ full, source: readFileSync(full, "utf8") }))
    .filter(({ source }) => /["']use server["']/.test(source))
    .map(({ full, source }) => ({ file: path.relative(ROOT, full), atTop: startsWithUseServer(source) }));
}

/**
 * Every server action (each exported function of a file under app/ that starts with "use server":
 * Next allows only async ones there) and every route handler (each exported HTTP method of an app/
 * route.ts), imported for real.
 */
export async function discoverEntryPoints(): Promise<EntryPoint[]> {
  const found: EntryPoint[] = [];
  for (const full of walk(path.join(ROOT, "app")).sort()) {
    const file = path.relative(ROOT, full);
    const isRoute = /(^|\/)route\.ts$/.test(file);
    const isAction = startsWithUseServer(readFileSync(full, "utf8"));
    if (!isRoute && !isAction) continue;
    const mod = (await import(/* @vite-ignore */ full)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      if (isRoute && !(HTTP_METHODS as readonly string[]).includes(name)) continue;
      found.push({ key: `${file}#${name}`, kind: isRoute ? "route" : "action", file, name, fn: value as EntryPoint["fn"] });
    }
  }
  return found;
}
