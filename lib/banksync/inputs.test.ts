import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { lockDateInput, manualBankAccountInput, manualLineInput, newUserInput, setupInput } from "./inputs";

/** Each field's first issue, as an English reader sees it (the schemas' messages are catalog keys). */
const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), say(i.message)]));

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

  it("says every message in Korean too", () => {
    const result = setupInput.safeParse({ companyName: " ", country: "XX", currency: "EUR", email: "nope", password: "short" });
    expect(Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), say(i.message, "ko")]))).toEqual({
      companyName: "회사 이름을 입력하세요.",
      country: "국가를 선택하세요.",
      email: "올바른 이메일 주소를 입력하세요.",
      password: "비밀번호는 10자 이상이어야 합니다.",
    });
  });

  it("an empty lock date clears it", () => {
    expect(lockDateInput.parse({ lockEverythingDate: "" })).toEqual({ lockEverythingDate: null });
    expect(lockDateInput.safeParse({ lockEverythingDate: "2026-02-30" }).success).toBe(false);
  });
});
