import { z } from "zod";
import { optionalText } from "@/lib/env";
import { sandboxCredentials } from "@/lib/sandbox/credentials";

export type PlaidConfig = {
  /** e.g. "https://production.plaid.com", or the sandbox's "<origin>/sandbox/plaid". */
  baseUrl: string;
  clientId: string;
  secret: string;
  /** Shown by Plaid Link ("… uses Plaid to connect your account"); at most 30 characters. */
  clientName?: string;
  /** Transaction updates asked per /transactions/sync call (Plaid allows 1–500); tests use fewer to page. */
  syncPageSize?: number;
};

export const PLAID_PRODUCTION_URL = "https://production.plaid.com";

const envSchema = z.object({
  PLAID_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PLAID_CLIENT_ID: optionalText,
  PLAID_SECRET: optionalText,
});

/**
 * Plaid's configuration from the environment. In sandbox mode (`sandboxUrl` given) it defaults to
 * the sandbox and its credentials; live, it needs PLAID_CLIENT_ID and PLAID_SECRET, else Plaid is
 * not configured (null). One of the two without the other is a configuration error.
 */
export function plaidConfigFromEnv(source: Record<string, string | undefined>, sandboxUrl: string | null): PlaidConfig | null {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid Plaid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const { PLAID_BASE_URL: baseUrl, PLAID_CLIENT_ID: clientId, PLAID_SECRET: secret } = parsed.data;
  if ((clientId === undefined) !== (secret === undefined)) {
    throw new Error("Invalid Plaid configuration: set both PLAID_CLIENT_ID and PLAID_SECRET, or neither");
  }
  if (sandboxUrl !== null) {
    return {
      baseUrl: trimSlash(baseUrl ?? `${sandboxUrl}/plaid`),
      clientId: clientId ?? sandboxCredentials.plaid.clientId,
      secret: secret ?? sandboxCredentials.plaid.secret,
    };
  }
  if (clientId === undefined || secret === undefined) return null;
  return { baseUrl: trimSlash(baseUrl ?? PLAID_PRODUCTION_URL), clientId, secret };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
