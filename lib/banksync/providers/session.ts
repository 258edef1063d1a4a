import type { SyncSession } from "./types";

/** A fresh session for one synchronization run: nothing done yet. */
export function newSyncSession(): SyncSession {
  const outcomes = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, step: () => Promise<T>): Promise<T> {
      let outcome = outcomes.get(key) as Promise<T> | undefined;
      if (!outcome) {
        outcome = step();
        outcomes.set(key, outcome);
      }
      return outcome;
    },
  };
}
