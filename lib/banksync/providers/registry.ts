import { z } from "zod";
import { env, optionalText } from "@/lib/env";
import { createEnablebankingAdapter, enablebankingConfigFromEnv } from "./enablebanking";
import { createGocardlessAdapter, gocardlessConfigFromEnv } from "./gocardless";
import type { HttpOptions } from "./http";
import { CallLimit, DEFAULT_PROVIDER_CONCURRENCY } from "./limit";
import { createPlaidAdapter, plaidConfigFromEnv } from "./plaid";
import { createSaltedgeAdapter, saltedgeConfigFromEnv } from "./saltedge";
import { providerIds, type ProviderAdapter, type ProviderId } from "./types";

export type ProviderAdapters = Partial<Record<ProviderId, ProviderAdapter>>;
type Source = Record<string, string | undefined>;

/** Each provider: its adapter when its configuration says it is enabled, else null. */
const builders: Record<ProviderId, (source: Source, sandboxUrl: string | null, options: HttpOptions) => ProviderAdapter | null> = {
  gocardless: (source, sandboxUrl, options) => {
    const config = gocardlessConfigFromEnv(source, sandboxUrl);
    return config && createGocardlessAdapter(config, options);
  },
  saltedge: (source, sandboxUrl, options) => {
    const config = saltedgeConfigFromEnv(source, sandboxUrl);
    return config && createSaltedgeAdapter(config, options);
  },
  enablebanking: (source, sandboxUrl, options) => {
    const config = enablebankingConfigFromEnv(source, sandboxUrl);
    return config && createEnablebankingAdapter(config, options);
  },
  plaid: (source, sandboxUrl, options) => {
    const config = plaidConfigFromEnv(source, sandboxUrl);
    return config && createPlaidAdapter(config, options);
  },
};

const wholeNumber = (max: number) => z.string().regex(/^\d+$/, "a whole number").transform(Number).pipe(z.number().int().min(1).max(max)).optional();

const registrySchema = z.object({
  SANDBOX_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: optionalText.pipe(wholeNumber(65_535)),
  PROVIDER_TIMEOUT_MS: optionalText.pipe(wholeNumber(Number.MAX_SAFE_INTEGER)),
  PROVIDER_CONCURRENCY: optionalText.pipe(
    z
      .string()
      .regex(
        new RegExp(`^(\\d+|(${providerIds.join("|")})=\\d+)(,(\\d+|(${providerIds.join("|")})=\\d+))*$`),
        `a number of calls at once for every provider, and/or provider=number pairs, comma-separated (e.g. "4" or "4,plaid=8")`,
      )
      .optional(),
  ),
});

/** Calls at once per provider: PROVIDER_CONCURRENCY's bare number for all, its `provider=n` pairs for some. */
export function providerConcurrency(setting: string | undefined): Record<ProviderId, number> {
  const limits = Object.fromEntries(providerIds.map((p) => [p, DEFAULT_PROVIDER_CONCURRENCY])) as Record<ProviderId, number>;
  const parts = (setting ?? "").split(",").filter((part) => part !== "");
  for (const part of parts.filter((p) => !p.includes("="))) for (const p of providerIds) limits[p] = Number(part);
  for (const part of parts.filter((p) => p.includes("="))) {
    const [provider, n] = part.split("=") as [ProviderId, string];
    limits[provider] = Number(n);
  }
  for (const [provider, n] of Object.entries(limits)) {
    if (n < 1 || n > 1_000) throw new Error(`Invalid configuration: PROVIDER_CONCURRENCY: ${provider} must have 1 to 1000 calls at once`);
  }
  return limits;
}

function parse(source: Source): z.infer<typeof registrySchema> {
  const parsed = registrySchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * Where the adapters find the sandbox: SANDBOX_URL, else this server's own /sandbox (the sandbox
 * is served by the app itself). Null in live mode, where the adapters use the real providers.
 */
export function sandboxUrlFor(source: Source, mode: "sandbox" | "live"): string | null {
  if (mode === "live") return null;
  const { SANDBOX_URL, PORT } = parse(source);
  return (SANDBOX_URL ?? `http://127.0.0.1:${PORT ?? 3000}/sandbox`).replace(/\/+$/, "");
}

/**
 * A sandbox page's URL as the user's browser must open it. The adapters reach a self-served sandbox
 * on loopback (127.0.0.1:PORT), which the browser may know under another origin (a domain, localhost):
 * then its hosted pages are opened on the app's own public origin. Other URLs are left alone.
 */
export function consentUrlForBrowser(url: string, source: Source, mode: "sandbox" | "live", appOrigin: string): string {
  const internal = sandboxUrlFor(source, mode);
  if (!internal || parse(source).SANDBOX_URL || !url.startsWith(`${internal}/`)) return url;
  return `${new URL(appOrigin).origin}/sandbox/${url.slice(internal.length + 1)}`;
}

/** Every enabled adapter for this configuration (not memoized: tests build their own). */
export function buildProviderAdapters(source: Source, sandboxUrl: string | null, options: HttpOptions = {}): ProviderAdapters {
  const { PROVIDER_TIMEOUT_MS, PROVIDER_CONCURRENCY } = parse(source);
  const http: HttpOptions = { ...(PROVIDER_TIMEOUT_MS !== undefined ? { timeoutMs: PROVIDER_TIMEOUT_MS } : {}), ...options };
  const concurrency = providerConcurrency(PROVIDER_CONCURRENCY);
  const adapters: ProviderAdapters = {};
  for (const [id, build] of Object.entries(builders) as [ProviderId, (typeof builders)[ProviderId]][]) {
    // One limit per adapter set: the process's adapters share it across all synchronizations.
    const adapter = build(source, sandboxUrl, { limit: new CallLimit(concurrency[id]), ...http });
    if (adapter) adapters[id] = adapter;
  }
  return adapters;
}

const cacheKey = Symbol.for("banksync.providerAdapters");
const holder = globalThis as typeof globalThis & { [cacheKey]?: WeakMap<Source, ProviderAdapters> };

/**
 * The process's adapters, one per enabled provider, built once per environment object. Kept on
 * globalThis because Next bundles server code into several module graphs, and an adapter holds
 * state worth sharing (GoCardless access tokens).
 */
export function providerAdapters(source: Source = process.env): ProviderAdapters {
  const cache = (holder[cacheKey] ??= new WeakMap());
  let adapters = cache.get(source);
  if (!adapters) {
    adapters = buildProviderAdapters(source, sandboxUrlFor(source, env().mode));
    cache.set(source, adapters);
  }
  return adapters;
}
