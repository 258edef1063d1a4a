import { decodeProtectedHeader, importSPKI, jwtVerify, type CryptoKey } from "jose";
import { sandboxCredentials } from "../credentials";
import { ebError } from "./errors";

const credentials = sandboxCredentials.enablebanking;
const MAX_LIFETIME_S = 24 * 3600;

let publicKey: Promise<CryptoKey> | undefined;

function unauthorized(detail: string): Response {
  return ebError(401, "UNAUTHORIZED", "Unauthorized access", detail);
}

/**
 * Checks the application JWT as Enable Banking does: RS256 by the registered application's key,
 * `kid` = application id, its issuer and audience, and a lifetime of at most 24 hours. Answers the
 * 401 to send, or null when the caller may go on. The JWT's times are checked against the real
 * clock, not the sandbox clock: the token is a matter between the app's and the provider's wall
 * clocks, while the sandbox clock only moves the banks' world (consents, limits, history).
 */
export async function rejectUnauthorized(request: Request): Promise<Response | null> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return unauthorized("Missing Authorization: Bearer <JWT> header");
  const token = match[1]!;
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return unauthorized("The Authorization header does not hold a JWT");
  }
  if (kid !== credentials.applicationId) return unauthorized(`Unknown application (kid ${JSON.stringify(kid ?? null)})`);
  try {
    publicKey ??= importSPKI(credentials.publicKey, "RS256");
    const { payload } = await jwtVerify(token, await publicKey, {
      algorithms: ["RS256"],
      issuer: "enablebanking.com",
      audience: "api.enablebanking.com",
      requiredClaims: ["iat", "exp"],
    });
    if (payload.exp! - payload.iat! > MAX_LIFETIME_S) return unauthorized("The JWT must expire at most 24 hours after it was issued");
    return null;
  } catch (error) {
    return unauthorized(`Invalid JWT: ${error instanceof Error ? error.message : String(error)}`);
  }
}
