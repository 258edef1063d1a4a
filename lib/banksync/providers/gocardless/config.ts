import { z } from "zod";
import { optionalText } from "@/lib/env";
import { sandboxCredentials } from "@/lib/sandbox/credentials";

export const LIVE_BASE_URL = "https://bankaccountdata.gocardless.com/api/v2";

export type GocardlessConfig = {
  /** API root without a trailing slash, e.g. "https://bankaccountdata.gocardless.com/api/v2". */
  baseUrl: string;
  secretId: string;
  secretKey: string;
  /** Per-attempt timeout of each call; the HTTP layer's default when absent. */
  timeoutMs?: number;
};

const envSchema = z.object({
  GOCARDLESS_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  GOCARDLESS_SECRET_ID: optionalText,
  GOCARDLESS_SECRET_KEY: optionalText,
  PROVIDER_TIMEOUT_MS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, "a number of milliseconds")
      .transform(Number)
      .pipe(z.number().int().positive())
      .optional(),
  ),
});

/**
 * The adapter's configuration from the environment. In sandbox mode (`sandboxUrl` given) everything
 * defaults to the sandbox; in live mode GoCardless is available only when both secrets are set.
 * Half a configuration (one secret without the other, a bad URL) is an error, not "disabled".
 */
export function gocardlessConfigFromEnv(source: Record<string, string | undefined>, sandboxUrl: string | null): GocardlessConfig | null {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid GoCardless configuration: ${problems}`);
  }
  const env = parsed.data;
  if ((env.GOCARDLESS_SECRET_ID === undefined) !== (env.GOCARDLESS_SECRET_KEY === undefined)) {
    throw new Error("Invalid GoCardless configuration: set both GOCARDLESS_SECRET_ID and GOCARDLESS_SECRET_KEY, or neither.");
  }
  const timeout = env.PROVIDER_TIMEOUT_MS !== undefined ? { timeoutMs: env.PROVIDER_TIMEOUT_MS } : {};
  if (sandboxUrl !== null) {
    return {
      baseUrl: (env.GOCARDLESS_BASE_URL ?? `${sandboxUrl.replace(/\/+$/, "")}/gocardless/api/v2`).replace(/\/+$/, ""),
      secretId: env.GOCARDLESS_SECRET_ID ?? sandboxCredentials.gocardless.secretId,
      secretKey: env.GOCARDLESS_SECRET_KEY ?? sandboxCredentials.gocardless.secretKey,
      ...timeout,
    };
  }
  if (env.GOCARDLESS_SECRET_ID === undefined || env.GOCARDLESS_SECRET_KEY === undefined) return null;
  return {
    baseUrl: (env.GOCARDLESS_BASE_URL ?? LIVE_BASE_URL).replace(/\/+$/, ""),
    secretId: env.GOCARDLESS_SECRET_ID,
    secretKey: env.GOCARDLESS_SECRET_KEY,
    ...timeout,
  };
}
