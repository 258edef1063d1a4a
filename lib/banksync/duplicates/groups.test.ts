import { describe, expect, it } from "vitest";
import { groupLookAlikes, isShown } from "./groups";

type Line = { id: string; date: string; amountMinor: bigint; currency: string; counterpartAccount: string | null; onlineTransactionId: string | null };

const line = (id: string, overrides: Partial<Line> = {}): Line => ({
  id,
  date: "2026-11-20",
  amountMinor: -1250n,
  currency: "EUR",
  counterpartAccount: null,
  onlineTransactionId: `online-${id}`,
  ...overrides,
});

const ids = (groups: Line[][]) => groups.map((group) => group.map((l) => l.id));

describe("groupLookAlikes", () => {
  it.each<[string, Line[], string[][]]>([
    ["same date, amount, currency, no account", [line("a"), line("b")], [["a", "b"]]],
    ["same account written differently", [line("a", { counterpartAccount: "BE68 5390 0754 7034" }), line("b", { counterpartAccount: "be68539007547034" })], [["a", "b"]]],
    ["a line entered by hand (no online id)", [line("a"), line("manual", { onlineTransactionId: null })], [["a", "manual"]]],
    ["another date", [line("a"), line("b", { date: "2026-11-21" })], []],
    ["another amount", [line("a"), line("b", { amountMinor: -1251n })], []],
    ["another currency", [line("a"), line("b", { currency: "USD" })], []],
    ["another account", [line("a", { counterpartAccount: "BE68539007547034" }), line("b", { counterpartAccount: "BE71096123456769" })], []],
    ["an account on one line only", [line("a", { counterpartAccount: "BE68539007547034" }), line("b")], []],
    ["one line", [line("a")], []],
  ])("%s", (_case, lines, expected) => {
    expect(ids(groupLookAlikes(lines))).toEqual(expected);
  });

  it("joins lines sharing an online id whatever else differs, and look-alikes of either", () => {
    const lines = [line("a", { onlineTransactionId: "X" }), line("b", { onlineTransactionId: "X", date: "2026-11-21", amountMinor: 1n }), line("c", { date: "2026-11-21", amountMinor: 1n })];
    expect(ids(groupLookAlikes(lines))).toEqual([["a", "b", "c"]]);
  });

  it("puts the newest date first and keeps each group's lines in the given order", () => {
    const lines = [line("old1", { date: "2026-11-01" }), line("new1", { date: "2026-11-10" }), line("old2", { date: "2026-11-01" }), line("new2", { date: "2026-11-10" }), line("new3", { date: "2026-11-10", amountMinor: 5n }), line("new4", { date: "2026-11-10", amountMinor: 5n })];
    expect(ids(groupLookAlikes(lines))).toEqual([
      ["new1", "new2"],
      ["new3", "new4"],
      ["old1", "old2"],
    ]);
  });
});

describe("isShown", () => {
  it.each([
    ["no line dismissed", [false, false], true],
    ["every line dismissed", [true, true], false],
    ["a new look-alike after a dismissal", [true, true, false], true],
    ["a single line", [false], false],
  ])("%s", (_case, dismissed, shown) => {
    expect(isShown(dismissed.map((duplicateDismissed) => ({ duplicateDismissed })))).toBe(shown);
  });
});
