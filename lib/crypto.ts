import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "./env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key for one purpose, derived from APP_SECRET: the secret itself never keys anything directly. */
export function deriveKey(appSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "banksync", purpose, 32));
}

const secretsKey = (appSecret: string) => deriveKey(appSecret, "provider-secrets");

/**
 * AES-256-GCM of the JSON of `value`: "v1.<iv>.<ciphertext>.<tag>" in base64url. `context` (a row id)
 * is bound as associated data, so a ciphertext copied onto another row does not decrypt.
 */
export function encryptJson(value: unknown, context: string, appSecret = env().appSecret): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", secretsKey(appSecret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** The value `encryptJson` sealed; throws on a wrong key, context or any changed byte. */
export function decryptJson(sealed: string, context: string, appSecret = env().appSecret): unknown {
  const [version, iv, body, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || body === undefined || !tag || rest.length > 0) throw new Error("Not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", secretsKey(appSecret), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8"));
}
