import { describe, expect, it } from "vitest";
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
    if (!result.ok) expect(result.error.length).toBeGreaterThan(5);
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
});
