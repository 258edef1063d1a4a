/** Salt Edge pages every list by 100; the sandbox keeps that size so clients must follow `next_id`. */
export const PAGE_SIZE = 100;

export type Page<T> = { data: T[]; meta: { next_id: string | null; next_page: string | null } };

/**
 * One page of `items` starting at the record whose id is `fromId` (Salt Edge's `from_id`), or null
 * when no record has that id. `url` is the request's, so `next_page` repeats its other parameters.
 */
export function pageOf<T>(items: T[], idOf: (item: T) => string, fromId: string | null, url: URL, size = PAGE_SIZE): Page<T> | null {
  const start = fromId === null ? 0 : items.findIndex((item) => idOf(item) === fromId);
  if (start === -1) return null;
  const data = items.slice(start, start + size);
  const next = items[start + size];
  if (next === undefined) return { data, meta: { next_id: null, next_page: null } };
  const nextUrl = new URL(url);
  nextUrl.searchParams.set("from_id", idOf(next));
  return { data, meta: { next_id: idOf(next), next_page: `${nextUrl.pathname}${nextUrl.search}` } };
}
