import { z } from "zod";
import { connectionSorts, connectionStates, type ConnectionSort, type ConnectionState } from "@/lib/banksync/connections/list";

export const CONNECTION_LIST_PATH = "/configuration/online-synchronization";

/** The list's search params; anything unknown falls back to all states, problems first. */
export const connectionListQuery = z.object({
  state: z.enum(connectionStates).optional().catch(undefined),
  sort: z.enum(connectionSorts).catch("state"),
});

export type ConnectionListQuery = { state?: ConnectionState; sort: ConnectionSort };

/** The list's address for a filter and an order; the defaults stay out of it. */
export function connectionListHref({ state, sort }: ConnectionListQuery): string {
  const params = new URLSearchParams();
  if (state) params.set("state", state);
  if (sort !== "state") params.set("sort", sort);
  const query = params.toString();
  return query ? `${CONNECTION_LIST_PATH}?${query}` : CONNECTION_LIST_PATH;
}
