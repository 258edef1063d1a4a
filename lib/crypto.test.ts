import { describe, expect, it } from "vitest";
import { decryptJson, encryptJson } from "./crypto";

const secret = "a".repeat(43);

describe("encryptJson / decryptJson", () => {
  it("round-trips a value without its plaintext appearing in the sealed text", () => {
    const sealed = encryptJson({ accessToken: "access-sandbox-123" }, "row-1", secret);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("access-sandbox");
    expect(decryptJson(sealed, "row-1", secret)).toEqual({ accessToken: "access-sandbox-123" });
  });

  it("uses a new IV each time", () => {
    expect(encryptJson({ a: 1 }, "row", secret)).not.toBe(encryptJson({ a: 1 }, "row", secret));
  });

  it.each([
    ["another key", (s: string) => decryptJson(s, "row-1", "b".repeat(43))],
    ["another row", (s: string) => decryptJson(s, "row-2", secret)],
    ["a changed byte", (s: string) => decryptJson(`${s.slice(0, 20)}${s[20] === "A" ? "B" : "A"}${s.slice(21)}`, "row-1", secret)],
    ["a truncated text", (s: string) => decryptJson(s.split(".").slice(0, 3).join("."), "row-1", secret)],
  ])("refuses %s", (_name, open) => {
    const sealed = encryptJson({ token: "t" }, "row-1", secret);
    expect(() => open(sealed)).toThrow();
  });
});
