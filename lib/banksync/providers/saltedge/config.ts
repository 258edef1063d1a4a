import { sandboxCredentials } from "@/lib/sandbox/credentials";

export type SaltedgeConfig = {
  /** e.g. "https://www.saltedge.com/api/v6", without a trailing slash. */
  baseUrl: string;
  appId: string;
  secret: string;
};

export const SALTEDGE_LIVE_BASE_URL = "https://www.saltedge.com/api/v6";

/**
 * Salt Edge settings from the environment (SALTEDGE_BASE_URL, SALTEDGE_APP_ID, SALTEDGE_SECRET).
 * In sandbox mode (`sandboxUrl` set) everything defaults to the sandbox and its credentials; live,
 * without credentials there is no Salt Edge. Live apps must also sign every request (Expires-at,
 * Signature = RSA-SHA256 over "expires|METHOD|url|body"): that signing is out of scope here, so a
 * live deployment has to add it before Salt Edge accepts these calls.
 */
export function saltedgeConfigFromEnv(source: Record<string, string | undefined>, sandboxUrl: string | null): SaltedgeConfig | null {
  const value = (name: string) => source[name]?.trim() || null;
  const baseUrl = value("SALTEDGE_BASE_URL") ?? (sandboxUrl !== null ? `${sandboxUrl.replace(/\/+$/, "")}/saltedge/api/v6` : SALTEDGE_LIVE_BASE_URL);
  const appId = value("SALTEDGE_APP_ID") ?? (sandboxUrl !== null ? sandboxCredentials.saltedge.appId : null);
  const secret = value("SALTEDGE_SECRET") ?? (sandboxUrl !== null ? sandboxCredentials.saltedge.secret : null);
  if (!appId || !secret) return null;
  return { baseUrl: baseUrl.replace(/\/+$/, ""), appId, secret };
}
