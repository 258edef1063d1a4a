import { describe, expect, it } from "vitest";
import type { Delivered } from "./records";
import { deliver, syncChanges, type SyncTransaction } from "./sync-diff";

type Tx = SyncTransaction & { amount: number };
const tx = (id: string, date: string, amount = 1): Tx => ({ transaction_id: id, account_id: "acc", date, amount });
const print = (t: Tx) => String(t.amount);

/** Pages through everything as a client would, `count` changes at a time. */
function pageAll(current: Tx[], from: Delivered, windowStart: string, count: number) {
  const pages = [];
  let delivered = from;
  for (;;) {
    const changes = syncChanges(current, delivered, windowStart, print);
    const page = changes.slice(0, count);
    delivered = deliver(delivered, page);
    pages.push(page);
    if (changes.length <= count) return { pages, delivered };
  }
}

describe("syncChanges", () => {
  it("adds everything, oldest first, to an empty cursor", () => {
    const changes = syncChanges([tx("b", "2026-01-02"), tx("a", "2026-01-01")], {}, "2025-01-01", print);
    expect(changes.map((c) => (c.kind === "removed" ? c.transactionId : `${c.kind}:${c.transaction.transaction_id}`))).toEqual(["added:a", "added:b"]);
  });

  it("pages without losing or repeating anything", () => {
    const current = Array.from({ length: 25 }, (_, i) => tx(`t${String(i).padStart(2, "0")}`, `2026-01-${String(i + 1).padStart(2, "0")}`));
    const { pages, delivered } = pageAll(current, {}, "2025-01-01", 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(Object.keys(delivered).sort()).toEqual(current.map((t) => t.transaction_id));
    expect(syncChanges(current, delivered, "2025-01-01", print)).toEqual([]);
  });

  it("reports a pending row that posted as removed before the posted row is added", () => {
    const before = [tx("p1", "2026-02-01", 5)];
    const { delivered } = pageAll(before, {}, "2025-01-01", 100);
    const changes = syncChanges([tx("posted", "2026-02-02", 6)], delivered, "2025-01-01", print);
    expect(changes).toEqual([
      { kind: "removed", transactionId: "p1", accountId: "acc" },
      { kind: "added", transaction: tx("posted", "2026-02-02", 6), fingerprint: "6" },
    ]);
  });

  it("reports a changed row as modified", () => {
    const { delivered } = pageAll([tx("a", "2026-02-01", 5)], {}, "2025-01-01", 100);
    expect(syncChanges([tx("a", "2026-02-01", 7)], delivered, "2025-01-01", print)).toEqual([
      { kind: "modified", transaction: tx("a", "2026-02-01", 7), fingerprint: "7" },
    ]);
  });

  it("does not remove what merely aged out of the served window", () => {
    const { delivered } = pageAll([tx("old", "2025-01-01"), tx("new", "2026-01-01")], {}, "2024-01-01", 100);
    expect(syncChanges([tx("new", "2026-01-01")], delivered, "2025-06-01", print)).toEqual([]);
  });
});
