import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { decimalToMinor, formatMoney, minorDigits, parseAmount, toDecimalString } from "./money";

describe("minorDigits", () => {
  it.each([
    ["EUR", 2],
    ["USD", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
  ])("%s has %i decimals", (currency, digits) => expect(minorDigits(currency)).toBe(digits));

  it("refuses an unknown currency", () => expect(() => minorDigits("XYZ")).toThrow(RangeError));
});

describe("parseAmount", () => {
  it.each([
    ["12.34", "EUR", 1234n],
    ["-12.34", "EUR", -1234n],
    ["+5", "EUR", 500n],
    ["0.1", "EUR", 10n],
    ["1,234.56", "EUR", 123456n],
    ["1,234,567.8", "USD", 123456780n],
    [" 1 234.50 ", "EUR", 123450n],
    ["1000", "JPY", 1000n],
    ["-1,000", "JPY", -1000n],
    ["1.234", "KWD", 1234n],
    ["0.001", "KWD", 1n],
    ["0.3", "EUR", 30n],
  ])("%s %s is %s minor units", (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it("reads a comma decimal mark when the locale uses one", () => {
    expect(parseAmount("1.234,56", "EUR", { decimal: "," })).toEqual({ ok: true, minor: 123456n });
    expect(parseAmount("-0,5", "EUR", { decimal: "," })).toEqual({ ok: true, minor: -50n });
  });

  it.each([
    ["1,2.3", "EUR"],
    ["", "EUR"],
    ["abc", "EUR"],
    ["12.", "EUR"],
    ["1.2.3", "EUR"],
    ["12,34", "EUR"],
    ["1e5", "EUR"],
    ["--1", "EUR"],
    ["0x10", "EUR"],
    ["1.234", "EUR"],
    ["1.5", "JPY"],
    ["1.2345", "KWD"],
    ["99999999999999999999", "EUR"],
  ])("refuses %j in %s with a message", (text, currency) => {
    const result = parseAmount(text, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(say(result.error).length).toBeGreaterThan(5);
  });

  it("says why in the reader's language: KRW and JPY have no decimals, EUR at most two", () => {
    const refused = (text: string, currency: string) => {
      const result = parseAmount(text, currency);
      if (result.ok) throw new Error(`${text} ${currency} was accepted`);
      return result.error;
    };
    expect(refused("1000.5", "KRW")).toEqual({ key: "Amounts.noDecimals", values: { currency: "KRW" } });
    expect(say(refused("1,000.50", "KRW"))).toBe("KRW amounts have no decimals.");
    expect(say(refused("1000.5", "KRW"), "ko")).toBe("KRW 금액에는 소수점을 쓸 수 없습니다.");
    expect(say(refused("1.5", "JPY"))).toBe("JPY amounts have no decimals.");
    expect(say(refused("1.234", "EUR"))).toBe("EUR amounts have at most 2 decimals.");
    expect(say(refused("1.234", "EUR"), "ko")).toBe("EUR 금액은 소수점 이하 최대 2자리입니다.");
    expect(say(refused(" abc ", "EUR"))).toBe('"abc" is not an amount.');
    expect(say(refused("abc", "EUR"), "ko")).toBe('"abc"은(는) 금액이 아닙니다.');
    expect(say(refused("", "EUR"))).toBe("Enter an amount.");
    expect(say(refused("99999999999999999999", "EUR"))).toBe("The amount is too large.");
    expect(parseAmount("1,234,567", "KRW")).toEqual({ ok: true, minor: 1234567n });
  });

  it("never goes through a float: 0.1 + 0.2 stays exact", () => {
    const a = parseAmount("0.1", "EUR");
    const b = parseAmount("0.2", "EUR");
    expect(a.ok && b.ok && a.minor + b.minor).toBe(30n);
  });
});

describe("decimalToMinor", () => {
  it.each([
    ["-12.5", "EUR", -1250n],
    ["1000", "EUR", 100000n],
    ["1000.00", "JPY", 1000n],
    ["3.140", "KWD", 3140n],
    ["0.010", "EUR", 1n],
  ])("%s %s → %s", (text, currency, minor) => expect(decimalToMinor(text, currency)).toBe(minor));

  it("refuses precision the currency does not have, and grouping", () => {
    expect(() => decimalToMinor("1.005", "EUR")).toThrow();
    expect(() => decimalToMinor("1,000.00", "EUR")).toThrow();
  });
});

describe("formatting", () => {
  it.each([
    [123456n, "EUR", "1234.56"],
    [-5n, "EUR", "-0.05"],
    [1000n, "JPY", "1000"],
    [-1n, "KWD", "-0.001"],
    [0n, "USD", "0.00"],
  ])("%s %s as a decimal string is %s", (minor, currency, text) => expect(toDecimalString(minor, currency)).toBe(text));

  it("formats in the locale without losing digits", () => {
    expect(formatMoney(123456n, "EUR", "en")).toBe("€1,234.56");
    expect(formatMoney(-123456n, "USD", "en-US")).toBe("-$1,234.56");
    expect(formatMoney(1235n, "JPY", "en")).toBe("¥1,235");
    expect(formatMoney(1234500n, "KWD", "en")).toBe("KWD\u00a01,234.500");
    expect(formatMoney(123456n, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(900719925474099312n, "EUR", "en")).toBe("€9,007,199,254,740,993.12");
  });

  // KRW and JPY have no minor unit: 1,234,567 minor units of KRW are ₩1,234,567, not ₩12,345.67.
  it.each([
    ["en", 1234567n, "KRW", "₩1,234,567"],
    ["ko", 1234567n, "KRW", "₩1,234,567"],
    ["ko-KR", -1234567n, "KRW", "-₩1,234,567"],
    ["en", -1234567n, "KRW", "-₩1,234,567"],
    ["en", 123456n, "EUR", "€1,234.56"],
    ["ko", 123456n, "EUR", "€1,234.56"],
    ["ko", -5n, "EUR", "-€0.05"],
    ["en", -123456n, "USD", "-$1,234.56"],
    ["ko", -123456n, "USD", "-US$1,234.56"],
    ["en", 1235n, "JPY", "¥1,235"],
    ["ko", 1235n, "JPY", "JP¥1,235"],
  ])("in %s, %s minor units of %s read %s", (locale, minor, currency, text) => expect(formatMoney(minor, currency, locale)).toBe(text));
});
