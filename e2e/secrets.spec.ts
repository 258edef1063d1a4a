import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { admin, signIn } from "./helpers";

// The last project: every other story has run on this server, so the sandbox has issued the run's
// tokens and the e2e has typed its passwords. None may appear anywhere but the encrypted columns.
// Each place is its own test, so a leak in one does not keep the others from being searched.

type Secret = { kind: string; value: string };

const root = process.cwd();
let secrets: Secret[] = [];

/** Every password literal the specs type or give a user, so a new spec's users are covered without a list. */
function typedPasswords(): Secret[] {
  const found: Secret[] = [];
  const dir = path.join(root, "e2e");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const m of source.matchAll(/password:\s*"([^"]{8,})"|getByLabel\("Password"\)\.fill\("([^"]{8,})"\)/g)) {
      found.push({ kind: `password typed by e2e/${file}`, value: (m[1] ?? m[2])! });
    }
  }
  return found;
}

function describeSecret(s: Secret): string {
  return `${s.kind} "${s.value.slice(0, 6)}…"`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test.beforeAll(async ({ request }) => {
  const answer = await request.post("/sandbox/control/issued-secrets");
  expect(answer.ok()).toBe(true);
  const issued = ((await answer.json()) as { secrets: Secret[] }).secrets;
  // The run connected every provider: what they issued is there to look for.
  for (const kind of ["GoCardless access token", "GoCardless refresh token", "Plaid access token", "Plaid public token", "sandbox bank password"]) {
    expect(issued.map((s) => s.kind), `the sandbox issued no ${kind}`).toContain(kind);
  }
  const passwords = typedPasswords();
  expect(passwords.map((p) => p.value)).toContain(admin.password);
  const app = JSON.parse(readFileSync(path.join(root, ".data-e2e", "secrets.json"), "utf8")) as { appSecret: string; authSecret: string };
  const all = [...issued, ...passwords, { kind: "APP_SECRET", value: app.appSecret }, { kind: "AUTH_SECRET", value: app.authSecret }];
  const seen = new Set<string>();
  secrets = all.filter((s) => !seen.has(s.value) && seen.add(s.value));
});

test("the server's log holds none of them", () => {
  const log = readFileSync(path.join(root, ".data-e2e", "server.log"), "utf8");
  // The log is the server's: the throttle spec's refusals are in it.
  expect(log).toContain("sign-in refused");
  const lines = log.split("\n");
  const leaks = secrets.flatMap((s) => lines.flatMap((line, i) => (line.includes(s.value) ? [`${describeSecret(s)} in .data-e2e/server.log line ${i + 1}`] : [])));
  expect(leaks, leaks.join("\n")).toEqual([]);
});

/** App pages by their route, e.g. /journals/[id]/reconciliation → a pattern of its paths. */
function appRoutes(): { route: string; pattern: RegExp }[] {
  const app = path.join(root, "app");
  return filesUnder(app)
    .filter((f) => path.basename(f) === "page.tsx")
    .map((f) => path.relative(app, path.dirname(f)).split(path.sep))
    .filter((segments) => segments[0] === "(app)")
    .map((segments) => {
      const parts = segments.filter((s) => !/^\(.*\)$/.test(s));
      const route = `/${parts.join("/")}`;
      return { route, pattern: new RegExp(`^/${parts.map((p) => (p.startsWith("[") ? "[^/]+" : p)).join("/")}$`) };
    });
}

/** Follows the links of the app's pages from `start`: each path with at most 3 of its queries. */
async function crawl(request: APIRequestContext, start: string[], limit = 150): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  const queued = new Set(start);
  const queue = [...start];
  const variants = new Map<string, number>();
  while (queue.length > 0 && pages.size < limit) {
    const url = queue.shift()!;
    const response = await request.get(url);
    expect(response.status(), `GET ${url}`).toBeLessThan(500);
    const html = await response.text();
    pages.set(url, html);
    for (const m of html.matchAll(/href="(\/[^"]*)"/g)) {
      const target = new URL(m[1]!.replaceAll("&amp;", "&"), "http://app.test");
      if (/^\/(_next|api|sandbox)(\/|$)/.test(target.pathname) || /\.\w+$/.test(target.pathname)) continue;
      const key = `${target.pathname}${target.search}`;
      const count = variants.get(target.pathname) ?? 0;
      if (queued.has(key) || count >= 3) continue;
      variants.set(target.pathname, count + 1);
      queued.add(key);
      queue.push(key);
    }
  }
  return pages;
}

test("no app page's HTML holds any, signed in as the admin with developer mode on", async ({ page, playwright, baseURL }) => {
  test.setTimeout(180_000);
  await signIn(page, admin);
  await page.goto("/?debug=1");
  const pages = await crawl(page.request, ["/", "/settings/users", "/settings/lock-dates", "/configuration/online-synchronization"]);
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const url of ["/login", "/setup"]) pages.set(`${url} (signed out)`, await (await anonymous.get(url)).text());
  await anonymous.dispose();

  const visited = [...pages.keys()].map((k) => new URL(k.split(" ")[0]!, "http://app.test").pathname);
  const missed = appRoutes().filter((r) => !visited.some((p) => r.pattern.test(p)));
  expect(missed.map((r) => r.route), "app pages no link led to").toEqual([]);
  // The pages are the admin's: signed in, they show the admin's address.
  expect(pages.get("/")).toContain(admin.email);

  const leaks = secrets.flatMap((s) => [...pages].filter(([, html]) => html.includes(s.value)).map(([url]) => `${describeSecret(s)} in the HTML of ${url}`));
  expect(leaks, leaks.join("\n")).toEqual([]);
});

test("no client bundle holds any", () => {
  const files = filesUnder(path.join(root, ".next", "static"));
  const contents = files.map((file) => ({ file: path.relative(root, file), bytes: readFileSync(file) }));
  // The client code is there: the sign-in form's own code (its words are in the catalogs, not the bundles).
  expect(contents.some((c) => c.bytes.includes("current-password"))).toBe(true);
  const leaks = secrets.flatMap((s) => contents.filter((c) => c.bytes.includes(s.value)).map((c) => `${describeSecret(s)} in ${c.file}`));
  expect(leaks, leaks.join("\n")).toEqual([]);
});

test("no database column holds any, but the providers' own records in the sandbox", async ({ request }) => {
  const answer = await request.post("/sandbox/control/scan-database", { data: { needles: secrets.map((s) => s.value) } });
  expect(answer.ok()).toBe(true);
  const { hits } = (await answer.json()) as { hits: { table: string; column: string; needle: number }[] };
  // The emulated providers keep what they issued (sandbox_objects): the scan finds it there.
  expect(hits.filter((h) => h.table === "sandbox_objects" && secrets[h.needle]!.kind === "GoCardless access token").length).toBeGreaterThan(0);
  const leaks = hits.filter((h) => !h.table.startsWith("sandbox_")).map((h) => `${describeSecret(secrets[h.needle]!)} in ${h.table}.${h.column}`);
  expect(leaks, leaks.join("\n")).toEqual([]);
});
