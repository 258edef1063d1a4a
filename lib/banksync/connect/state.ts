import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto";
import type { Clock } from "@/lib/clock";

/** How long a consent flow may take before its state is refused. */
export const STATE_LIFETIME_SECONDS = 30 * 60;

const VERSION = "s1";

export type StateClaims = { attemptId: string; userId: string; companyId: string; provider: string };

export type StateCheck = { ok: true; claims: StateClaims } | { ok: false; reason: "invalid" | "expired" };

const uuidToText = (uuid: string) => Buffer.from(uuid.replaceAll("-", ""), "hex").toString("base64url");

function textToUuid(text: string): string | null {
  const bytes = Buffer.from(text, "base64url");
  if (bytes.length !== 16 || bytes.toString("base64url") !== text) return null;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sign = (payload: string, appSecret: string) => createHmac("sha256", deriveKey(appSecret, "connect-state")).update(payload).digest();

/**
 * The `state` a provider hands back to our callback: the attempt, the user, the company and the
 * provider, an expiry 30 minutes on, and an HMAC-SHA256 over all of it with a key derived from
 * APP_SECRET. Compact (about 140 characters) because providers limit it (GoCardless's `reference`:
 * 256). Single use is the attempt row's business (`usedAt`).
 */
export function signState(claims: StateClaims, appSecret: string, clock: Clock): string {
  const expires = Math.floor(clock.now().getTime() / 1000) + STATE_LIFETIME_SECONDS;
  const payload = [VERSION, uuidToText(claims.attemptId), uuidToText(claims.userId), uuidToText(claims.companyId), claims.provider, expires.toString(36)].join(".");
  return `${payload}.${sign(payload, appSecret).toString("base64url")}`;
}

export function verifyState(state: string, appSecret: string, clock: Clock): StateCheck {
  const parts = state.split(".");
  if (parts.length !== 7 || parts[0] !== VERSION) return { ok: false, reason: "invalid" };
  const payload = parts.slice(0, 6).join(".");
  const given = Buffer.from(parts[6]!, "base64url");
  const expected = sign(payload, appSecret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  const [attemptId, userId, companyId] = parts.slice(1, 4).map(textToUuid);
  const expires = Number.parseInt(parts[5]!, 36);
  if (!attemptId || !userId || !companyId || !Number.isFinite(expires)) return { ok: false, reason: "invalid" };
  if (clock.now().getTime() / 1000 > expires) return { ok: false, reason: "expired" };
  return { ok: true, claims: { attemptId, userId, companyId, provider: parts[4]! } };
}
