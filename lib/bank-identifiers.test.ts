import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { parseAccountNumber, parseBic } from "./bank-identifiers";

describe("parseAccountNumber", () => {
  it("accepts a valid IBAN in any spacing and prints it grouped", () => {
    expect(parseAccountNumber("be68539007547034")).toEqual({
      ok: true,
      kind: "iban",
      display: "BE68 5390 0754 7034",
      sanitized: "BE68539007547034",
    });
    expect(parseAccountNumber("DE89 3704 0044 0532 0130 00")).toMatchObject({ ok: true, kind: "iban", sanitized: "DE89370400440532013000" });
  });

  it.each(["BE68539007547035", "DE89 3704 0044 0532 0130 01", "GB82WEST1234569876543"])("refuses the invalid IBAN %s", (iban) => {
    const result = parseAccountNumber(iban);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(say(result.error)).toBe(`${iban} is not a valid IBAN.`);
      expect(say(result.error, "ko")).toBe(`${iban}은(는) 올바른 IBAN이 아닙니다.`);
    }
  });

  it.each([
    ["123-4567890-12", "123456789012"],
    ["110-123-456789", "110123456789"],
    ["0012 3456 7890", "001234567890"],
    ["021000021/123456", "021000021123456"],
  ])("accepts the local account number %s", (text, sanitized) => {
    expect(parseAccountNumber(text)).toMatchObject({ ok: true, kind: "local", sanitized });
  });

  it.each(["", "   ", "<script>alert(1)</script>", "1'; drop table users; --", "12", "ABCDEF", "x".repeat(100)])("refuses %j", (text) => {
    expect(parseAccountNumber(text).ok).toBe(false);
  });
});

describe("parseBic", () => {
  it.each([
    ["GEBABEBB", "GEBABEBB"],
    ["gkccbebb", "GKCCBEBB"],
    ["DEUTDEFF500", "DEUTDEFF500"],
  ])("accepts %s", (text, bic) => expect(parseBic(text)).toEqual({ ok: true, bic }));

  it.each(["GEBA", "GEBABEB", "12345678", "GEBA BE BB X", "GEBAXXBB"])("refuses %s", (text) => expect(parseBic(text).ok).toBe(false));
});
