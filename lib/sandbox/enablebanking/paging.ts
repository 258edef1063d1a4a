import { z } from "zod";

export const PAGE_SIZE = 100;

/**
 * Where a transactions fetch stands. The key carries the fetch's own "today" so every page of one
 * fetch reads the same window even if the sandbox clock moves in between.
 */
const fetchState = z.object({
  uid: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum(["BOOK", "PDNG"]).nullable(),
  today: z.string(),
  offset: z.number().int().min(0),
  /** The fetch's snapshot in this process (snapshots.ts), when it has more than one page. */
  snapshot: z.string().optional(),
});
export type FetchState = z.infer<typeof fetchState>;

export function encodeContinuation(state: FetchState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function decodeContinuation(key: string): FetchState | null {
  try {
    const parsed = fetchState.safeParse(JSON.parse(Buffer.from(key, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The end of the page starting at `offset`: PAGE_SIZE rows, stretched so rows sharing an id are
 * never split across pages (the bank's repeated row of Sandbox Duplicates Bank arrives twice in one page).
 */
export function pageEnd(ids: string[], offset: number): number {
  let end = Math.min(offset + PAGE_SIZE, ids.length);
  const inPage = new Set(ids.slice(offset, end));
  while (end < ids.length && inPage.has(ids[end]!)) end++;
  return end;
}
