import { describe, expect, it } from "vitest";
import { lockDateInput, manualBankAccountInput, manualLineInput, newUserInput, setupInput } from "./inputs";

const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe("form inputs", () => {
  it("a date like 2026-02-30 is a field error", () => {
    const result = manualLineInput.safeParse({ date: "2026-02-30", label: "x", amount: "1" });
    expect(errorsOf(result)).toEqual({ date: "Enter a real date as YYYY-MM-DD." });
  });

  it("a 10 kB label is a field error; empty fields name themselves", () => {
    expect(errorsOf(manualLineInput.safeParse({ date: "2026-01-01", label: "x".repeat(10_240), amount: "1" }))).toEqual({
      label: "The label has at most 1000 characters.",
    });
    expect(errorsOf(manualLineInput.safeParse({ date: "", label: "  ", amount: "1" }))).toEqual({
      date: "Enter a date.",
      label: "Enter the label.",
    });
  });

  it("HTML and SQL are kept as plain text", () => {
    const label = `<img src=x onerror=alert(1)>'; drop table statement_lines; --`;
    expect(manualLineInput.parse({ date: "2026-01-01", label, amount: "1" }).label).toBe(label);
    expect(setupInput.parse({ companyName: label, country: "be", currency: "eur", email: "A@B.co", password: "0123456789" })).toEqual({
      companyName: label,
      country: "BE",
      currency: "EUR",
      email: "a@b.co",
      password: "0123456789",
    });
  });

  it("set-up refuses an unknown country or currency and a short password", () => {
    expect(errorsOf(setupInput.safeParse({ companyName: "A", country: "XX", currency: "EURO", email: "a@b.co", password: "short" }))).toEqual({
      country: "Choose a country.",
      currency: "Choose a currency.",
      password: "A password has at least 10 characters.",
    });
  });

  it("optional text becomes undefined when empty", () => {
    expect(manualBankAccountInput.parse({ accountNumber: "BE68539007547034", bankName: "", bic: " " })).toEqual({
      accountNumber: "BE68539007547034",
      bankName: undefined,
      bic: undefined,
    });
  });

  it("a role must be one of the three", () => {
    expect(errorsOf(newUserInput.safeParse({ email: "a@b.co", password: "0123456789", role: "owner" }))).toEqual({ role: "Choose a role." });
  });

  it("an empty lock date clears it", () => {
    expect(lockDateInput.parse({ lockEverythingDate: "" })).toEqual({ lockEverythingDate: null });
    expect(lockDateInput.safeParse({ lockEverythingDate: "2026-02-30" }).success).toBe(false);
  });
});
