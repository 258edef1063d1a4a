import { createHmac } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { appClock, type Clock } from "@/lib/clock";

/**
 * Slows password guessing, then stops it, per e-mail address and across every web process (the
 * counts live in the database). An address no user has is counted, slowed and locked exactly like a
 * real one, so neither the answers nor their timing tell whether an account exists.
 */

export type ThrottlePolicy = {
  /** Failures answered at once; every attempt after them waits. */
  freeFailures: number;
  /** The first wait, doubled at each further failure up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failures in a row the address is refused, even with the right password, for `lockMs`. */
  lockAfter: number;
  lockMs: number;
  /** Failures older than this (counted from the last one) are forgotten. */
  windowMs: number;
};

export function throttlePolicy(baseDelayMs = 1000): ThrottlePolicy {
  return { freeFailures: 2, baseDelayMs, maxDelayMs: baseDelayMs * 8, lockAfter: 10, lockMs: 15 * 60_000, windowMs: 15 * 60_000 };
}

export type FailureRecord = { failures: number; lastFailedAt: Date };
export type Verdict = { kind: "locked"; retryAfterMs: number } | { kind: "allowed"; delayMs: number };

/**
 * What an attempt gets, given the address's record, and the record that counts it. Attempts are
 * counted before the password is checked, so guesses sent in parallel are counted too; a success
 * then clears the record. An attempt refused by the lock is not counted, so hammering a locked
 * address does not keep it locked.
 */
export function nextAttempt(record: FailureRecord | null, now: Date, policy: ThrottlePolicy): { verdict: Verdict; record: FailureRecord | null } {
  const since = record ? now.getTime() - record.lastFailedAt.getTime() : Infinity;
  if (record && record.failures >= policy.lockAfter && since < policy.lockMs) {
    return { verdict: { kind: "locked", retryAfterMs: policy.lockMs - since }, record: null };
  }
  // A lock that ran out starts the count again, as do failures that left the window.
  const prior = record && record.failures < policy.lockAfter && since < policy.windowMs ? record.failures : 0;
  const over = prior - policy.freeFailures;
  const delayMs = over < 0 ? 0 : Math.min(policy.baseDelayMs * 2 ** over, policy.maxDelayMs);
  return { verdict: { kind: "allowed", delayMs }, record: { failures: prior + 1, lastFailedAt: now } };
}

export type Attempt<T> = { kind: "signed-in"; user: T } | { kind: "refused" } | { kind: "locked"; retryAfterMs: number };

export type ThrottleDeps = {
  db: Db;
  /** Keys the HMAC of addresses. */
  secret: string;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  policy?: ThrottlePolicy;
};

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SignInThrottle {
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly policy: ThrottlePolicy;

  constructor(private readonly deps: ThrottleDeps) {
    this.clock = deps.clock ?? appClock;
    this.sleep = deps.sleep ?? sleepFor;
    this.policy = deps.policy ?? throttlePolicy();
  }

  /** The same normalization as the users table (trimmed, lower-cased). */
  private keyOf(email: string): string {
    return createHmac("sha256", this.deps.secret).update(`sign-in:${email.trim().toLowerCase()}`).digest("base64url");
  }

  /** One sign-in attempt under the throttle: `verify` checks the password (the same work for unknown addresses). */
  async attempt<T>(email: string, verify: () => Promise<T | null>): Promise<Attempt<T>> {
    const key = this.keyOf(email);
    const verdict = await this.count(key);
    if (verdict.kind === "locked") return verdict;
    if (verdict.delayMs > 0) await this.sleep(verdict.delayMs);
    const user = await verify();
    if (!user) return { kind: "refused" };
    await this.deps.db.delete(signInFailures).where(eq(signInFailures.key, key));
    return { kind: "signed-in", user };
  }

  private count(key: string): Promise<Verdict> {
    return this.deps.db.transaction(async (tx) => {
      // The row exists before it is locked, so two first attempts at once are both counted.
      await tx.insert(signInFailures).values({ key, failures: 0, lastFailedAt: new Date(0) }).onConflictDoNothing();
      const [row] = await tx.select().from(signInFailures).where(eq(signInFailures.key, key)).for("update");
      const next = nextAttempt(row ?? null, this.clock.now(), this.policy);
      if (next.record) await tx.update(signInFailures).set(next.record).where(eq(signInFailures.key, key));
      return next.verdict;
    });
  }
}

/** Housekeeping: records past their window and lock say nothing any more. */
export async function forgetOldSignInFailures(db: Db, now: Date, policy: ThrottlePolicy = throttlePolicy()): Promise<number> {
  const before = new Date(now.getTime() - Math.max(policy.windowMs, policy.lockMs));
  const rows = await db.delete(signInFailures).where(lt(signInFailures.lastFailedAt, before)).returning({ key: signInFailures.key });
  return rows.length;
}
