/**
 * The app's clock. In sandbox mode it shares the sandbox world's offset (SANDBOX.md, "Clock"), moved
 * by the control API, so the scheduler, consent expiry and refresh limits all see the same "now".
 */
export type Clock = { now(): Date };

const offsetKey = Symbol.for("banksync.clockOffsetMs");
const holder = globalThis as typeof globalThis & { [offsetKey]?: number };

export function setSandboxClockOffset(ms: number): void {
  holder[offsetKey] = ms;
}

export const appClock: Clock = {
  now: () => new Date(Date.now() + (holder[offsetKey] ?? 0)),
};

/** A clock fixed at one instant, for tests. */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}
