import { z } from "zod";
import type { NormalizedTransaction } from "../providers/types";

/**
 * A fetched transaction as `missing_fetches.transactions` keeps it: the normalized transaction with
 * its amount as a string of minor units (JSON has no bigint, and a float would lose cents).
 */
const storedTransaction = z.object({
  externalId: z.string().min(1),
  date: z.iso.date(),
  valueDate: z.iso.date().nullable(),
  amountMinor: z.string().regex(/^-?\d+$/),
  currency: z.string().length(3),
  description: z.string(),
  partnerName: z.string().nullable(),
  counterpartAccount: z.string().nullable(),
  status: z.enum(["posted", "pending"]),
  pendingExternalId: z.string().nullable(),
  raw: z.unknown(),
});

export const storedTransactions = z.array(storedTransaction);

export type StoredTransaction = z.infer<typeof storedTransaction>;

export function toStored(t: NormalizedTransaction): StoredTransaction {
  return { ...t, amountMinor: t.amountMinor.toString(), raw: t.raw ?? null };
}

/** Reads a fetch back; a row that does not parse is a bug or a tampered row, never silently half-used. */
export function fromStored(json: unknown): NormalizedTransaction[] {
  return storedTransactions.parse(json).map((t) => ({ ...t, amountMinor: BigInt(t.amountMinor) }));
}
