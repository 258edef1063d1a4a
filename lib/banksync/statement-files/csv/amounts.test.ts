import { describe, expect, it } from "vitest";
import { parseAmountCell, type AmountSeparators } from "./amounts";

const dot: AmountSeparators = { decimalSeparator: ".", thousandsSeparator: "," };
const plain: AmountSeparators = { decimalSeparator: ".", thousandsSeparator: "" };
const comma: AmountSeparators = { decimalSeparator: ",", thousandsSeparator: "." };
const space: AmountSeparators = { decimalSeparator: ",", thousandsSeparator: " " };
const swiss: AmountSeparators = { decimalSeparator: ".", thousandsSeparator: "'" };

describe("parseAmountCell", () => {
  const read: Array<[string, AmountSeparators, string, bigint]> = [
    ["12.50", dot, "EUR", 1250n],
    ["-12.5", dot, "EUR", -1250n],
    ["+12", dot, "EUR", 1200n],
    ["−12.50", dot, "EUR", -1250n],
    ["1,234.56", dot, "USD", 123456n],
    ["1,234,567.89", dot, "USD", 123456789n],
    ["12,34,567.00", dot, "INR", 1234567_00n],
    ["1.234,56", comma, "EUR", 123456n],
    ["-1.234,56", comma, "EUR", -123456n],
    ["1234,56", comma, "EUR", 123456n],
    ["1 234,56", space, "EUR", 123456n],
    ["1\u00a0234\u00a0567,01", space, "EUR", 123456701n],
    ["1'234.56", swiss, "CHF", 123456n],
    ["1’234.56", swiss, "CHF", 123456n],
    ["(12.50)", dot, "USD", -1250n],
    ["12.50-", dot, "EUR", -1250n],
    ["$1,234.56", dot, "USD", 123456n],
    ["-$12.00", dot, "USD", -1200n],
    ["($12.00)", dot, "USD", -1200n],
    ["12,50 €", comma, "EUR", 1250n],
    ["EUR -12,50", comma, "EUR", -1250n],
    ["-5,000", dot, "KRW", -5000n],
    ["5,000원", dot, "KRW", 5000n],
    ["₩1,250,000", dot, "KRW", 1250000n],
    ["1,000", dot, "JPY", 1000n],
    ["1.234", { decimalSeparator: ".", thousandsSeparator: "," }, "KWD", 1234n],
    [".5", plain, "EUR", 50n],
    ["  42  ", plain, "EUR", 4200n],
  ];
  it.each(read)("reads %j (%o, %s) as %s", (cell, separators, currency, minor) => {
    expect(parseAmountCell(cell, separators, currency)).toEqual({ kind: "amount", minor });
  });

  it("answers empty for a blank cell", () => {
    expect(parseAmountCell("  ", dot, "EUR")).toEqual({ kind: "empty" });
  });

  const refused: Array<[string, AmountSeparators, string, "notAmount" | "tooManyDecimals" | "tooLarge"]> = [
    ["3,4x", comma, "EUR", "notAmount"],
    ["abc", dot, "EUR", "notAmount"],
    ["--12", dot, "EUR", "notAmount"],
    ["-12.50-", dot, "EUR", "notAmount"],
    ["(-12.50)", dot, "EUR", "notAmount"],
    // The mapping's separators, exactly: a comma-decimal amount under a dot mapping is refused, not read as 1250.
    ["12,50", dot, "EUR", "notAmount"],
    ["1,234.56", plain, "USD", "notAmount"],
    ["1.234,56", dot, "EUR", "notAmount"],
    ["1.2.3", comma, "EUR", "notAmount"],
    ["12,5,0", comma, "EUR", "notAmount"],
    ["12.", dot, "EUR", "notAmount"],
    ["1,23,4.00", dot, "USD", "notAmount"],
    ["12.345", dot, "EUR", "tooManyDecimals"],
    ["12.50", dot, "KRW", "tooManyDecimals"],
    ["5,000", comma, "KRW", "tooManyDecimals"],
    ["12.3456", dot, "KWD", "tooManyDecimals"],
    ["99999999999999999", plain, "EUR", "tooLarge"],
  ];
  it.each(refused)("refuses %j (%o, %s): %s", (cell, separators, currency, problem) => {
    expect(parseAmountCell(cell, separators, currency)).toEqual({ kind: "invalid", problem });
  });
});
