import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Clock } from "@/lib/clock";
import { sandboxCredentials } from "@/lib/sandbox/credentials";

export const ENABLEBANKING_LIVE_URL = "https://api.enablebanking.com";

export type EnablebankingConfig = {
  /** API root without a trailing slash. */
  baseUrl: string;
  applicationId: string;
  /** PKCS#8 PEM of the application's RSA key. */
  privateKey: string;
  /** "Now" for consent validity and rate-limit resets; the app clock by default. */
  clock?: Clock;
};

/** Any RSA private key PEM (PKCS#8 or PKCS#1, `\n`-escaped as one env line or not) as PKCS#8 PEM. */
export function normalizePrivateKey(text: string, from: string): string {
  const pem = (text.includes("\\n") ? text.replace(/\\n/g, "\n") : text).trim();
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${from} is not a PEM private key`);
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error(`${from} must be an RSA key (Enable Banking signs with RS256)`);
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function privateKeyFrom(source: Record<string, string | undefined>): string | undefined {
  const inline = text(source.ENABLEBANKING_PRIVATE_KEY);
  if (inline) return normalizePrivateKey(inline, "ENABLEBANKING_PRIVATE_KEY");
  const file = text(source.ENABLEBANKING_PRIVATE_KEY_FILE);
  if (!file) return undefined;
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`ENABLEBANKING_PRIVATE_KEY_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return normalizePrivateKey(content, `ENABLEBANKING_PRIVATE_KEY_FILE ${file}`);
}

/**
 * Enable Banking's configuration from the environment. In sandbox mode (`sandboxUrl` set) it
 * defaults to the sandbox's API and application; in live mode it needs an application id and its
 * key, and is null when neither is set. Half a pair is a configuration error, not a silent fallback.
 */
export function enablebankingConfigFromEnv(source: Record<string, string | undefined>, sandboxUrl: string | null): EnablebankingConfig | null {
  const applicationId = text(source.ENABLEBANKING_APPLICATION_ID);
  const privateKey = privateKeyFrom(source);
  if (applicationId && !privateKey) throw new Error("ENABLEBANKING_APPLICATION_ID is set but neither ENABLEBANKING_PRIVATE_KEY nor ENABLEBANKING_PRIVATE_KEY_FILE is");
  if (privateKey && !applicationId) throw new Error("An Enable Banking private key is set but ENABLEBANKING_APPLICATION_ID is not");
  const baseUrl = text(source.ENABLEBANKING_BASE_URL) ?? (sandboxUrl !== null ? `${sandboxUrl.replace(/\/+$/, "")}/enablebanking` : ENABLEBANKING_LIVE_URL);
  if (applicationId && privateKey) return { baseUrl: baseUrl.replace(/\/+$/, ""), applicationId, privateKey };
  if (sandboxUrl === null) return null;
  const sandbox = sandboxCredentials.enablebanking;
  return { baseUrl: baseUrl.replace(/\/+$/, ""), applicationId: sandbox.applicationId, privateKey: sandbox.privateKey };
}
