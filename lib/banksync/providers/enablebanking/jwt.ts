import { importPKCS8, SignJWT, type CryptoKey } from "jose";
import { ProviderError } from "../errors";

/** Enable Banking allows up to 24 h; an hour keeps a leaked token short-lived. */
const LIFETIME_S = 3600;
/** Sign a new one this long before the cached one expires, so no call carries a token about to lapse. */
const RENEW_BEFORE_S = 300;

export type ApplicationKey = { applicationId: string; privateKey: string };

/**
 * The application JWT every Enable Banking call carries: RS256 by the application's private key,
 * `kid` = application id. Cached until shortly before it expires. Times come from the real clock:
 * the provider checks them against its own wall clock, whatever the sandbox clock says.
 */
export function createJwtSigner(application: ApplicationKey, now: () => number = Date.now): () => Promise<string> {
  let key: Promise<CryptoKey> | undefined;
  let cached: { token: string; renewAt: number } | undefined;

  return async () => {
    const nowMs = now();
    if (cached && nowMs < cached.renewAt) return cached.token;
    key ??= importPKCS8(application.privateKey, "RS256").catch((cause: unknown) => {
      key = undefined;
      throw new ProviderError({
        provider: "enablebanking",
        kind: "other",
        message: "The Enable Banking private key is not a PKCS#8 RSA key",
        providerCode: "invalid_private_key",
        cause,
      });
    });
    const iat = Math.floor(nowMs / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: application.applicationId })
      .setIssuer("enablebanking.com")
      .setAudience("api.enablebanking.com")
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_S)
      .sign(await key);
    cached = { token, renewAt: (iat + LIFETIME_S - RENEW_BEFORE_S) * 1000 };
    return token;
  };
}
