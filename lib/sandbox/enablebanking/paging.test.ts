import { describe, expect, it } from "vitest";
import { decodeContinuation, encodeContinuation, pageEnd, PAGE_SIZE } from "./paging";

describe("transactions paging", () => {
  it("cuts pages of 100 rows", () => {
    const ids = Array.from({ length: 250 }, (_, i) => `id-${i}`);
    expect([pageEnd(ids, 0), pageEnd(ids, 100), pageEnd(ids, 200)]).toEqual([100, 200, 250]);
  });

  it("never splits rows that share an id", () => {
    const ids = Array.from({ length: PAGE_SIZE + 5 }, (_, i) => `id-${i}`);
    ids[PAGE_SIZE] = ids[PAGE_SIZE - 1]!;
    expect(pageEnd(ids, 0)).toBe(PAGE_SIZE + 1);
  });

  it("round-trips a continuation key and refuses a forged one", () => {
    const state = { uid: "u", from: "2026-01-01", to: "2026-02-01", status: null, today: "2026-02-01", offset: 100 };
    expect(decodeContinuation(encodeContinuation(state))).toEqual(state);
    expect(decodeContinuation("not-a-key")).toBeNull();
  });
});
