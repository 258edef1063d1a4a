import type { Db } from "@/db/client";
import { sandboxCredentials } from "./credentials";
import { kinds as gocardlessKinds } from "./gocardless/records";
import { SANDBOX_PASSWORD } from "./hosted";
import type { ItemRecord, PublicTokenRecord } from "./plaid/records";
import { listObjects } from "./store";

/**
 * Control API `issued-secrets`: every secret the sandbox handed out or accepts, read from where the
 * emulated providers keep them, for the end-to-end check that none leaks into logs, pages, bundles
 * or clear database columns (e2e/secrets.spec.ts).
 *
 * Bearer credentials only. Provider object ids the app keeps in clear as the connection's reference
 * (GoCardless requisitions, Enable Banking sessions, Plaid Items, Salt Edge connections) are not
 * listed: each is useless without the app's own provider credentials, which are.
 */

export type IssuedSecret = { kind: string; value: string };

/** A line of the middle of the Enable Banking private key: a leaked key holds it whatever its line breaks. */
function privateKeyLine(pem: string): string {
  const body = pem.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"));
  return body[Math.floor(body.length / 2)]!;
}

export async function issuedSecrets(db: Db): Promise<IssuedSecret[]> {
  const secrets: IssuedSecret[] = [
    { kind: "GoCardless secret key", value: sandboxCredentials.gocardless.secretKey },
    { kind: "Plaid secret", value: sandboxCredentials.plaid.secret },
    { kind: "Salt Edge app secret", value: sandboxCredentials.saltedge.secret },
    { kind: "Enable Banking private key", value: privateKeyLine(sandboxCredentials.enablebanking.privateKey) },
    { kind: "sandbox bank password", value: SANDBOX_PASSWORD },
  ];
  for (const token of await listObjects(db, "gocardless", gocardlessKinds.access)) secrets.push({ kind: "GoCardless access token", value: token.id });
  for (const token of await listObjects(db, "gocardless", gocardlessKinds.refresh)) secrets.push({ kind: "GoCardless refresh token", value: token.id });
  for (const item of await listObjects<ItemRecord>(db, "plaid", "item")) secrets.push({ kind: "Plaid access token", value: item.data.accessToken });
  // Public tokens outlive removed Items here, and name their access tokens.
  for (const token of await listObjects<PublicTokenRecord>(db, "plaid", "public_token")) {
    secrets.push({ kind: "Plaid public token", value: token.id }, { kind: "Plaid access token", value: token.data.accessToken });
  }
  const seen = new Set<string>();
  return secrets.filter((s) => !seen.has(s.value) && seen.add(s.value));
}
