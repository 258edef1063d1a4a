import { describe, expect, it } from "vitest";
import { pageOf } from "./paging";

const items = Array.from({ length: 250 }, (_, i) => ({ id: `id-${i}` }));
const url = new URL("http://sandbox.test/sandbox/saltedge/api/v6/transactions?connection_id=1&account_id=2");
const idOf = (item: { id: string }) => item.id;

describe("pageOf", () => {
  it("serves 100 a page and points at the next record", () => {
    const first = pageOf(items, idOf, null, url)!;
    expect(first.data).toHaveLength(100);
    expect(first.meta.next_id).toBe("id-100");
    expect(first.meta.next_page).toBe("/sandbox/saltedge/api/v6/transactions?connection_id=1&account_id=2&from_id=id-100");
  });

  it("continues from from_id and ends with null", () => {
    const second = pageOf(items, idOf, "id-100", url)!;
    expect(second.data[0]).toEqual({ id: "id-100" });
    const last = pageOf(items, idOf, second.meta.next_id, url)!;
    expect(last.data).toHaveLength(50);
    expect(last.meta).toEqual({ next_id: null, next_page: null });
  });

  it("answers null for an unknown from_id and an empty page for an empty list", () => {
    expect(pageOf(items, idOf, "nope", url)).toBeNull();
    expect(pageOf([], idOf, null, url)).toEqual({ data: [], meta: { next_id: null, next_page: null } });
  });
});
