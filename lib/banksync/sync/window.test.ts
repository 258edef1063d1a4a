import { describe, expect, it } from "vitest";
import { syncWindow, type WindowInput } from "./window";

const base: WindowInput = { today: "2026-11-26", lockDate: null, historyDays: 730, lastLineDate: null, lastSyncDate: null, syncFrom: null };

describe("syncWindow", () => {
  it.each<[string, Partial<WindowInput>, ReturnType<typeof syncWindow>]>([
    ["empty journal: the whole history the institution gives", {}, { from: "2024-11-26", to: "2026-11-26", openingBalance: true }],
    ["90-day institution", { historyDays: 90 }, { from: "2026-08-28", to: "2026-11-26", openingBalance: true }],
    ["journal with lines: the day after its last line", { lastLineDate: "2026-11-16" }, { from: "2026-11-17", to: "2026-11-26", openingBalance: false }],
    ["lock date bounds an empty journal", { lockDate: "2026-10-27" }, { from: "2026-10-28", to: "2026-11-26", openingBalance: true }],
    ["lock date after the last line", { lastLineDate: "2026-09-01", lockDate: "2026-10-01" }, { from: "2026-10-02", to: "2026-11-26", openingBalance: false }],
    ["later sync: last synced date minus the overlap", { lastSyncDate: "2026-11-20", syncFrom: "2024-11-26" }, { from: "2026-11-13", to: "2026-11-26", openingBalance: false }],
    ["later sync never before the first one's start", { lastSyncDate: "2026-11-20", syncFrom: "2026-11-17" }, { from: "2026-11-17", to: "2026-11-26", openingBalance: false }],
    ["a first sync resumed after a crash keeps its start", { syncFrom: "2024-11-26", lastLineDate: "2025-06-01" }, { from: "2024-11-26", to: "2026-11-26", openingBalance: false }],
    ["later sync bounded by a newer lock date", { lastSyncDate: "2026-11-20", syncFrom: "2024-11-26", lockDate: "2026-11-18" }, { from: "2026-11-19", to: "2026-11-26", openingBalance: false }],
    ["locked up to today: nothing to ask", { lockDate: "2026-11-26" }, null],
  ])("%s", (_name, input, expected) => {
    expect(syncWindow({ ...base, ...input })).toEqual(expected);
  });
});
