import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { COMPANY_COOKIE } from "@/lib/session";
import { drivers, freshDatabase } from "@/test/databases";
import { discoverEntryPoints, filesMentioningUseServer, type EntryPoint } from "./discover";
import { changedTables, companyFingerprint, databaseFingerprint } from "./fingerprint";
import { matrix } from "./matrix";
import { outcomeOf } from "./outcome";
import { beginRequest, revalidations, SESSION_COOKIE, sessionCookie } from "./request-context";
import { buildWorld, callers, serveSandboxRoute, type Caller, type World } from "./world";

/*
 * Only what a Next request gives and a test has not: the request's headers and cookies, the
 * revalidation and connection() hooks, and the server-only marker. auth() decodes a real session
 * JWT, the actions and routes run for real on a real database, against the sandbox over HTTP.
 */
vi.hoisted(() => {
  process.env.AUTH_SECRET = "authorization-matrix-auth-secret-".padEnd(48, "a");
  process.env.APP_SECRET = "authorization-matrix-app-secret-".padEnd(48, "b");
  process.env.BANKSYNC_MODE = "sandbox";
  process.env.LOG_LEVEL = "silent";
  delete process.env.APP_URL;
  delete process.env.AUTH_URL;
  delete process.env.NEXTAUTH_URL;
});
vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const request = await import("./request-context");
  return { headers: async () => request.requestHeaders(), cookies: async () => request.requestCookies() };
});
vi.mock("next/cache", async (importOriginal) => {
  const request = await import("./request-context");
  return { ...(await importOriginal<object>()), revalidatePath: request.recordRevalidation, revalidateTag: request.recordRevalidation };
});
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));

let sandbox: Awaited<ReturnType<typeof serveSandboxRoute>>;
let found: EntryPoint[];

beforeAll(async () => {
  sandbox = await serveSandboxRoute();
  process.env.SANDBOX_URL = sandbox.url;
  found = await discoverEntryPoints();
});

afterAll(async () => {
  await sandbox?.close();
});

describe("the authorization matrix", () => {
  it("names every server action and route handler under app/, and nothing else", () => {
    const keys = new Set(found.map((f) => f.key));
    expect(found.filter((f) => f.kind === "action").length).toBeGreaterThan(20);
    expect(found.filter((f) => f.kind === "route").length).toBeGreaterThan(5);
    expect({ notInTheMatrix: [...keys].filter((k) => !(k in matrix)), noLongerInTheApp: Object.keys(matrix).filter((k) => !keys.has(k)) }).toEqual({
      notInTheMatrix: [],
      noLongerInTheApp: [],
    });
    for (const f of found) expect(matrix[f.key]!.fn, f.key).toBe(f.fn);
  });

  it("finds every server action: no file declares one anywhere but at its top", () => {
    expect(filesMentioningUseServer(["app", "components", "lib"]).filter((f) => !f.atTop)).toEqual([]);
  });

  it("says why whenever the anonymous or another company's admin is let through", () => {
    const unexplained: string[] = [];
    for (const [key, entry] of Object.entries(matrix)) {
      if (entry.allowed.includes("anonymous") && !entry.public) unexplained.push(`${key}: why may the anonymous call it?`);
      if (entry.allowed.includes("adminB") && !entry.anyCompany) unexplained.push(`${key}: why may company B's admin call it?`);
      for (const caller of entry.allowed) {
        if (/^(refused|throws|40[134])/.test(entry.outcomes[caller])) unexplained.push(`${key}: ${caller} is allowed but gets ${entry.outcomes[caller]}`);
      }
    }
    expect(unexplained).toEqual([]);
  });
});

describe.each(drivers)("the authorization matrix on %s", (driver) => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld(await freshDatabase(driver));
  });

  afterAll(async () => {
    await world?.close();
  });

  async function cookiesOf(caller: Caller): Promise<Record<string, string>> {
    const user = world.user(caller);
    // Everyone's browser names company A: B's admin tries to act in it.
    const cookies: Record<string, string> = { [COMPANY_COOKIE]: world.a.companyId };
    if (user) cookies[SESSION_COOKIE] = await sessionCookie(user, env().authSecret);
    return cookies;
  }

  it.each(Object.keys(matrix).sort())("%s", async (key) => {
    const entry = matrix[key]!;
    const expected: Partial<Record<Caller, object>> = {};
    const actual: Partial<Record<Caller, object>> = {};
    // The refused first: each aims at A's objects as they were before any allowed call changed them.
    const order = [...callers.filter((c) => !entry.allowed.includes(c)), ...callers.filter((c) => entry.allowed.includes(c))];
    for (const caller of order) {
      const allowed = entry.allowed.includes(caller);
      beginRequest(await cookiesOf(caller));
      const args = await entry.args(world, caller, allowed);
      // Refused: not one row anywhere. B's admin let through: not one row of A's. Allowed to write: some row.
      const watch = allowed && caller === "adminB" ? "company A" : !allowed || entry.writes ? "everything" : null;
      const fingerprint = () =>
        watch === "everything" ? databaseFingerprint(world.db) : watch === "company A" ? companyFingerprint(world.db, world.a.companyId) : Promise.resolve({});
      const before = await fingerprint();
      const outcome = await outcomeOf(() => entry.fn(...(args as never[])));
      const changed = changedTables(before, await fingerprint());

      if (!allowed) {
        // ... and no page told to refresh.
        expected[caller] = { outcome: entry.outcomes[caller], wrote: [], revalidated: [] };
        actual[caller] = { outcome, wrote: changed, revalidated: revalidations() };
      } else if (watch === "company A") {
        expected[caller] = { outcome: entry.outcomes[caller], wroteInA: [] };
        actual[caller] = { outcome, wroteInA: changed };
      } else if (watch === "everything") {
        expected[caller] = { outcome: entry.outcomes[caller], wroteSomething: true };
        actual[caller] = { outcome, wroteSomething: changed.length > 0 };
      } else {
        expected[caller] = { outcome: entry.outcomes[caller] };
        actual[caller] = { outcome };
      }
    }
    expect(actual).toEqual(expected);
  });
});
