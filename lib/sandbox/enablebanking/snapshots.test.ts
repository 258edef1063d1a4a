import { describe, expect, it } from "vitest";
import { dropSnapshot, keepSnapshot, snapshotOf } from "./snapshots";

const snapshot = (n: number) => ({ transactions: [], ids: [`id-${n}`] });

describe("fetch snapshots", () => {
  it("keeps a fetch's rows until its last page, then forgets them", () => {
    const id = keepSnapshot(snapshot(1));
    expect(snapshotOf(id)?.ids).toEqual(["id-1"]);
    dropSnapshot(id);
    expect(snapshotOf(id)).toBeNull();
  });

  it("forgets a fetch nobody finished after ten minutes", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const id = keepSnapshot(snapshot(2), now);
    expect(snapshotOf(id, now + 9 * 60_000)).not.toBeNull();
    expect(snapshotOf(id, now + 10 * 60_000)).toBeNull();
  });

  it("holds at most sixteen, dropping the oldest", () => {
    const ids = Array.from({ length: 17 }, (_, n) => keepSnapshot(snapshot(n)));
    expect(snapshotOf(ids[0]!)).toBeNull();
    expect(ids.slice(1).every((id) => snapshotOf(id) !== null)).toBe(true);
  });
});
