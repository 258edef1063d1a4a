import { describe, expect, it } from "vitest";
import { detectDelimiter, detectSkipRows } from "./detect-layout";

describe("detectDelimiter", () => {
  it.each([
    [",", "Date,Description,Amount\n2026-11-26,Coffee,-4.50\n2026-11-27,Salary,3500.00\n"],
    [";", "Buchungstag;Verwendungszweck;Betrag\n26.11.2026;Kaffee;-4,50\n27.11.2026;Gehalt;3.500,00\n"],
    ["\t", "Date\tDescription\tAmount\n2026-11-26\tCoffee, large\t-4.50\n2026-11-27\tSalary\t3,500.00\n"],
    ["|", "Date|Description|Amount\n2026-11-26|Coffee|-4.50\n2026-11-27|Salary|3500.00\n"],
  ])("finds %j", (delimiter, text) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it("ignores delimiters inside quotes", () => {
    const text = 'Date,Description,Amount\n2026-11-26,"Coffee; cake; tea",-4.50\n2026-11-27,"Rent; November",-900.00\n';
    expect(detectDelimiter(text)).toBe(",");
  });

  it("prefers the wider split when decimal commas split every line evenly", () => {
    expect(detectDelimiter("26.11.2026;Kaffee;-4,50\n27.11.2026;Miete;-900,00\n")).toBe(";");
  });

  it("is not misled by a preamble", () => {
    const text = "Konto;DE12 5001 0517 0648 4898 90\nZeitraum;01.11.2026 - 30.11.2026\n\nBuchungstag;Empfänger;Verwendungszweck;Betrag\n26.11.2026;Café;Kaffee;-4,50\n27.11.2026;ACME;Gehalt;3.500,00\n";
    expect(detectDelimiter(text)).toBe(";");
  });

  it("says comma when nothing splits", () => {
    expect(detectDelimiter("just one column\nand another line\n")).toBe(",");
  });
});

describe("detectSkipRows", () => {
  it("skips an account summary before the table", () => {
    const text = "Konto;DE12 5001 0517 0648 4898 90\nZeitraum;01.11.2026 - 30.11.2026\n\nBuchungstag;Empfänger;Verwendungszweck;Betrag\n26.11.2026;Café;Kaffee;-4,50\n27.11.2026;ACME;Gehalt;3.500,00\n";
    expect(detectSkipRows(text, ";")).toBe(3);
  });

  it("skips nothing when the table starts at once", () => {
    expect(detectSkipRows("Date,Description,Amount\n2026-11-26,Coffee,-4.50\n", ",")).toBe(0);
  });

  it("keeps a header narrower than rows ending in a delimiter", () => {
    expect(detectSkipRows("Date;Label;Amount\n2026-11-26;Coffee;-4,50;\n2026-11-27;Rent;-900,00;\n", ";")).toBe(0);
  });
});
