import { z } from "zod";
import { lineFilters, type LineFilter } from "@/lib/banksync/statement-line-query";

/** Each filter's name in the catalog: StatementLines.filters.<key>. */
export const lineFilterKeys = {
  "to-reconcile": "toReconcile",
  all: "all",
  "possible-duplicates": "possibleDuplicates",
} as const satisfies Record<LineFilter, string>;

/** The journal view's search params; anything malformed falls back to the first page of "To reconcile". */
export const journalViewQuery = z.object({
  filter: z.enum(lineFilters).catch("to-reconcile"),
  q: z
    .string()
    .transform((text) => text.trim().slice(0, 200) || undefined)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

export type JournalViewQuery = { filter: LineFilter; q?: string; page: number };

/** The view's address for a filter, search and page; the defaults stay out of it. */
export function journalViewHref(journalId: string, { filter, q, page }: JournalViewQuery): string {
  const params = new URLSearchParams();
  if (filter !== "to-reconcile") params.set("filter", filter);
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/journals/${journalId}/reconciliation${query ? `?${query}` : ""}`;
}
