"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while the page hydrates, true right after: for what only the browser can
 * draw (its time zone, a chart measured in its layout) or what the server need not render 50 times.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
