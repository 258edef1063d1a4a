import { createHash } from "node:crypto";

export type IdentityParts = { account: string; date: string; amountMinor: bigint; currency: string; text: string };

/**
 * A deterministic id for a transaction the provider gives none for (PROVIDERS.md): a hash of its
 * account, date, amount, currency and text, plus its occurrence among identical ones in the same
 * answer, so two genuine identical payments keep two ids and a re-fetch yields the same ids.
 */
export function stableTransactionId(parts: IdentityParts, occurrence: number): string {
  const key = [parts.account, parts.date, parts.amountMinor.toString(), parts.currency, parts.text.trim(), String(occurrence)].join("\u001f");
  return `h-${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
}

/** Numbers identical transactions 1, 2, 3… in the order given and returns their stable ids. */
export function stableIds(items: IdentityParts[]): string[] {
  const seen = new Map<string, number>();
  return items.map((parts) => {
    const key = [parts.account, parts.date, parts.amountMinor.toString(), parts.currency, parts.text.trim()].join("\u001f");
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return stableTransactionId(parts, occurrence);
  });
}
