import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { forgetOldSignInFailures, nextAttempt, SignInThrottle, throttlePolicy, type Attempt, type FailureRecord } from "./sign-in-throttle";

const policy = throttlePolicy(1000);
const t0 = new Date("2026-03-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60_000;

describe("nextAttempt", () => {
  const cases: { name: string; record: FailureRecord | null; now: Date; verdict: ReturnType<typeof nextAttempt>["verdict"]; failures: number | null }[] = [
    { name: "a first attempt", record: null, now: t0, verdict: { kind: "allowed", delayMs: 0 }, failures: 1 },
    { name: "after 1 failure", record: { failures: 1, lastFailedAt: t0 }, now: at(1000), verdict: { kind: "allowed", delayMs: 0 }, failures: 2 },
    { name: "after 2 failures: 1 s", record: { failures: 2, lastFailedAt: t0 }, now: at(1000), verdict: { kind: "allowed", delayMs: 1000 }, failures: 3 },
    { name: "after 3 failures: 2 s", record: { failures: 3, lastFailedAt: t0 }, now: at(1000), verdict: { kind: "allowed", delayMs: 2000 }, failures: 4 },
    { name: "after 5 failures: 8 s", record: { failures: 5, lastFailedAt: t0 }, now: at(1000), verdict: { kind: "allowed", delayMs: 8000 }, failures: 6 },
    { name: "after 9 failures: capped at 8 s", record: { failures: 9, lastFailedAt: t0 }, now: at(1000), verdict: { kind: "allowed", delayMs: 8000 }, failures: 10 },
    { name: "after 10 failures: locked, not counted", record: { failures: 10, lastFailedAt: t0 }, now: at(MIN), verdict: { kind: "locked", retryAfterMs: 14 * MIN }, failures: null },
    { name: "the lock's last millisecond", record: { failures: 10, lastFailedAt: t0 }, now: at(15 * MIN - 1), verdict: { kind: "locked", retryAfterMs: 1 }, failures: null },
    { name: "the lock over: counting starts again", record: { failures: 10, lastFailedAt: t0 }, now: at(15 * MIN), verdict: { kind: "allowed", delayMs: 0 }, failures: 1 },
    { name: "failures past the window are forgotten", record: { failures: 6, lastFailedAt: t0 }, now: at(15 * MIN), verdict: { kind: "allowed", delayMs: 0 }, failures: 1 },
    { name: "failures inside the window still count", record: { failures: 6, lastFailedAt: t0 }, now: at(15 * MIN - 1), verdict: { kind: "allowed", delayMs: 8000 }, failures: 7 },
  ];
  it.each(cases)("$name", ({ record, now, verdict, failures }) => {
    const next = nextAttempt(record, now, policy);
    expect(next.verdict).toEqual(verdict);
    expect(next.record).toEqual(failures === null ? null : { failures, lastFailedAt: now });
  });
});

type Outcome = { kind: Attempt<unknown>["kind"]; slept: number; verified: boolean; retryAfterMs?: number };

describe.each(drivers)("SignInThrottle on %s", (driver) => {
  let database: Database;
  let now = t0;
  const clock = { now: () => now };
  let slept: number[] = [];
  const throttle = () => new SignInThrottle({ db: database.db, secret: "x".repeat(32), clock, policy, sleep: async (ms) => void slept.push(ms) });

  /** One attempt; `right` says whether the password is right (a user with that address exists and it matches). */
  async function attempt(email: string, right: boolean, via = throttle()): Promise<Outcome> {
    slept = [];
    let verified = false;
    const result = await via.attempt(email, async () => {
      verified = true;
      return right ? { id: "u1" } : null;
    });
    return { kind: result.kind, slept: slept.reduce((a, b) => a + b, 0), verified, ...(result.kind === "locked" ? { retryAfterMs: result.retryAfterMs } : {}) };
  }

  beforeAll(async () => {
    database = await freshDatabase(driver);
  });
  afterAll(() => database?.close());

  it("slows and then locks an address any user has or not alike; the right password is refused while locked", async () => {
    now = t0;
    const known: Outcome[] = [];
    const unknown: Outcome[] = [];
    for (let i = 0; i < 11; i++) {
      known.push(await attempt("Boss@Example.com ", false));
      unknown.push(await attempt("nobody@example.com", false));
      now = at((i + 1) * 1000);
    }
    expect(known).toEqual(unknown);
    expect(known.map((o) => o.slept)).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 0]);
    expect(known.slice(0, 10).every((o) => o.kind === "refused" && o.verified)).toBe(true);
    // The tenth failure was at 9 s; the eleventh attempt comes at 10 s.
    expect(known[10]).toEqual({ kind: "locked", slept: 0, verified: false, retryAfterMs: 15 * MIN - 1000 });

    now = at(5 * MIN);
    expect(await attempt("boss@example.com", true)).toMatchObject({ kind: "locked", verified: false });
    now = at(9000 + 15 * MIN);
    expect(await attempt("boss@example.com", true)).toEqual({ kind: "signed-in", slept: 0, verified: true });
  });

  it("a success clears the failures", async () => {
    now = t0;
    for (let i = 0; i < 4; i++) await attempt("clear@example.com", false);
    expect((await attempt("clear@example.com", false)).slept).toBe(4000);
    await attempt("clear@example.com", true);
    expect(await attempt("clear@example.com", false)).toEqual({ kind: "refused", slept: 0, verified: true });
  });

  it("counts guesses sent at once, from several processes, before their passwords are checked", async () => {
    now = t0;
    slept = [];
    const processes = [throttle(), throttle(), throttle()];
    let checked = 0;
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        processes[i % 3]!.attempt("parallel@example.com", async () => {
          checked++;
          return null;
        }),
      ),
    );
    expect(checked).toBe(10);
    expect(results.filter((r) => r.kind === "locked")).toHaveLength(4);
  });

  it("keeps no address in the table, and housekeeping forgets records past their window and lock", async () => {
    const rows = await database.db.select().from(signInFailures);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/example\.com/);

    now = t0;
    await attempt("recent@example.com", false);
    const before = rows.length + 1;
    expect(await forgetOldSignInFailures(database.db, at(15 * MIN - 1), policy)).toBe(0);
    expect(await forgetOldSignInFailures(database.db, at(30 * MIN), policy)).toBe(before);
    expect(await database.db.select().from(signInFailures)).toEqual([]);
  });
});
