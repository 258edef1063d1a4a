import { providerIds, type ProviderId } from "@/lib/banksync/providers/types";

/**
 * The sandbox's load knobs (benchmarks and tests): a fixed latency added to every API call of a
 * provider, and what it counted since the last reset: calls and the most calls in flight at once,
 * which shows whether the app kept to its concurrency limit. Kept in the memory of the process that
 * serves the sandbox (the web process), like the clock it shares with the app.
 */
export type ProviderLoad = { latencyMs: number; calls: number; inFlight: number; maxInFlight: number };

const loadKey = Symbol.for("banksync.sandboxLoad");
const holder = globalThis as typeof globalThis & { [loadKey]?: Record<ProviderId, ProviderLoad> };

function fresh(): Record<ProviderId, ProviderLoad> {
  return Object.fromEntries(providerIds.map((p) => [p, { latencyMs: 0, calls: 0, inFlight: 0, maxInFlight: 0 }])) as Record<ProviderId, ProviderLoad>;
}

function loads(): Record<ProviderId, ProviderLoad> {
  holder[loadKey] ??= fresh();
  return holder[loadKey];
}

/** Latency for one provider, or every provider when none is named. */
export function setLatency(ms: number, provider?: ProviderId): void {
  for (const p of provider ? [provider] : providerIds) loads()[p].latencyMs = ms;
}

/** Counts since the last reset, per provider; `reset` zeroes the counts (the latency stays). */
export function loadStats(reset = false): Record<ProviderId, Omit<ProviderLoad, "inFlight">> {
  const answer = Object.fromEntries(
    providerIds.map((p) => {
      const { latencyMs, calls, maxInFlight } = loads()[p];
      return [p, { latencyMs, calls, maxInFlight }];
    }),
  ) as Record<ProviderId, Omit<ProviderLoad, "inFlight">>;
  if (reset) {
    for (const p of providerIds) Object.assign(loads()[p], { calls: 0, maxInFlight: loads()[p].inFlight });
  }
  return answer;
}

/** Back to no latency and no counts (the world's reset). */
export function resetLoad(): void {
  const inFlight = Object.fromEntries(providerIds.map((p) => [p, loads()[p].inFlight]));
  holder[loadKey] = fresh();
  for (const p of providerIds) loads()[p].inFlight = inFlight[p]!;
}

/** Runs one API call of the provider: counted while in flight, answered after the latency. */
export async function underLoad<T>(provider: ProviderId, call: () => Promise<T>): Promise<T> {
  const load = loads()[provider];
  load.calls += 1;
  load.inFlight += 1;
  load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
  try {
    if (load.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, load.latencyMs));
    return await call();
  } finally {
    load.inFlight -= 1;
  }
}
