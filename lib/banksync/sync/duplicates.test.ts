import { describe, expect, it } from "vitest";
import { findPossibleDuplicates } from "./duplicates";

const line = (id: string | null, overrides: Partial<{ date: string; amountMinor: bigint; currency: string; counterpartAccount: string | null }> = {}) => ({
  date: "2026-11-20",
  amountMinor: -1250n,
  currency: "EUR",
  counterpartAccount: null,
  onlineTransactionId: id,
  ...overrides,
});

describe("findPossibleDuplicates", () => {
  it("flags both lines when an existing line has the same fields and another id", () => {
    const result = findPossibleDuplicates([line("b")], [{ ...line("a"), id: "line-a" }]);
    expect(result).toEqual({ incoming: new Set([0]), existing: new Set(["line-a"]) });
  });

  it("flags a line entered by hand (no id) and the imported one", () => {
    expect(findPossibleDuplicates([line("b")], [{ ...line(null), id: "manual" }])).toEqual({ incoming: new Set([0]), existing: new Set(["manual"]) });
  });

  it("flags two new lines of one page with the same fields and different ids", () => {
    expect(findPossibleDuplicates([line("a"), line("a bis"), line("c", { amountMinor: -1n })], [])).toEqual({ incoming: new Set([0, 1]), existing: new Set() });
  });

  it.each([
    ["another date", { date: "2026-11-21" }],
    ["another amount", { amountMinor: -1251n }],
    ["another currency", { currency: "USD" }],
    ["another counterpart account", { counterpartAccount: "BE71 0961 2345 6769" }],
  ])("does not flag %s", (_name, overrides) => {
    expect(findPossibleDuplicates([line("b", overrides)], [{ ...line("a"), id: "line-a" }])).toEqual({ incoming: new Set(), existing: new Set() });
  });

  it("compares account numbers without spaces or case", () => {
    const result = findPossibleDuplicates([line("b", { counterpartAccount: "be71096123456769" })], [{ ...line("a", { counterpartAccount: "BE71 0961 2345 6769" }), id: "x" }]);
    expect(result.incoming.size).toBe(1);
  });

  it("with unknownAccountMatchesAny, a line without an account number matches any number, and one with a number still needs the same", () => {
    const existing = [{ ...line("feed", { counterpartAccount: "BE71 0961 2345 6769" }), id: "feed-line" }];
    expect(findPossibleDuplicates([line("file")], existing)).toEqual({ incoming: new Set(), existing: new Set() });
    expect(findPossibleDuplicates([line("file")], existing, { unknownAccountMatchesAny: true })).toEqual({ incoming: new Set([0]), existing: new Set(["feed-line"]) });
    expect(findPossibleDuplicates([line("file", { counterpartAccount: "DE89370400440532013000" })], existing, { unknownAccountMatchesAny: true })).toEqual({
      incoming: new Set(),
      existing: new Set(),
    });
  });
});
