/**
 * Slows password guessing: after `limit` failed sign-ins for one email within `windowMs`, further
 * attempts are refused until the oldest failure leaves the window. Kept in the process's memory,
 * which is where sign-ins are checked (one web process in the embedded default).
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
  waitFor(key: string): number {
    const failures = this.recent(key);
    return failures.length < this.limit ? 0 : failures[0]! + this.windowMs - this.now();
  }

  failed(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}

const globalKey = Symbol.for("banksync.signInThrottle");
const holder = globalThis as typeof globalThis & { [globalKey]?: SignInThrottle };

export function signInThrottle(): SignInThrottle {
  holder[globalKey] ??= new SignInThrottle();
  return holder[globalKey];
}
