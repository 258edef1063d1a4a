import { describe, expect, it } from "vitest";
import { numberToDecimalString as numberToDecimal, numberToMinor as amountToMinor } from "@/lib/money";
import { toAccount, toInstitution, toTransaction } from "./transform";
import { provider, transaction } from "./schemas";

describe("numberToDecimal", () => {
  it.each([
    [-0.1, "-0.1"],
    [1234567.89, "1234567.89"],
    [0, "0"],
    [1e-7, "0.0000001"],
    [-2.5e-7, "-0.00000025"],
    [1e21, "1000000000000000000000"],
    [1.5e21, "1500000000000000000000"],
    [100, "100"],
  ])("%s → %s", (value, text) => {
    expect(numberToDecimal(value)).toBe(text);
  });

  it("refuses what is not a finite number", () => {
    expect(() => numberToDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => numberToDecimal(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("amountToMinor", () => {
  it.each([
    [-0.1, "EUR", -10n],
    [1234567.89, "EUR", 123456789n],
    [0.3, "EUR", 30n],
    [-12.25, "EUR", -1225n],
    [1000, "USD", 100000n],
    [1235, "JPY", 1235n],
    [-1.234, "KWD", -1234n],
    [0.07, "EUR", 7n],
  ])("%s %s → %s", (value, currency, minor) => {
    expect(amountToMinor(value, currency)).toBe(minor);
  });

  it("refuses more decimals than the currency has instead of rounding", () => {
    expect(() => amountToMinor(1.005, "EUR")).toThrow(/more decimals/);
    expect(() => amountToMinor(0.1 + 0.2, "EUR")).toThrow(/more decimals/);
    expect(() => amountToMinor(12.5, "JPY")).toThrow(/more decimals/);
  });
});

describe("toTransaction", () => {
  const posted = transaction.parse({
    id: "123-20260101-1",
    status: "posted",
    made_on: "2026-01-01",
    amount: -12.25,
    currency_code: "EUR",
    description: "Card payment 2026-01-01",
    duplicated: false,
    extra: { id: "20260101-1", posting_date: "2026-01-02", payee: "Shop" },
  });

  it("keeps the sign, the exact amount and the booking date", () => {
    const t = toTransaction(posted);
    expect(t).toMatchObject({
      externalId: "123-20260101-1",
      date: "2026-01-02",
      valueDate: "2026-01-01",
      amountMinor: -1225n,
      currency: "EUR",
      description: "Card payment 2026-01-01",
      partnerName: "Shop",
      status: "posted",
      pendingExternalId: null,
    });
    expect(t.raw).toBe(posted);
  });

  it("money in takes the payer as partner", () => {
    const t = toTransaction({ ...posted, amount: 1000, extra: { payer: "Employer", payee: "Me" } });
    expect(t.amountMinor).toBe(100000n);
    expect(t.partnerName).toBe("Employer");
    expect(t.date).toBe("2026-01-01");
  });

  it("pending rows stay pending and are dated on made_on", () => {
    const t = toTransaction({ ...posted, id: "123-20260103-P1", status: "pending", made_on: "2026-01-03", amount: -5, extra: { id: "P1" } });
    expect(t).toMatchObject({ status: "pending", date: "2026-01-03", amountMinor: -500n, partnerName: null });
  });

  it("a currency that does not exist does not parse", () => {
    expect(transaction.safeParse({ ...posted, currency_code: "XXY" }).success).toBe(false);
  });
});

describe("toAccount and toInstitution", () => {
  it("takes the IBAN from extra and the balance exactly", () => {
    const account = toAccount({ id: "9", name: "Checking", nature: "account", balance: 10234.56, currency_code: "EUR", extra: { iban: "BE68 5390 0754 7034" } });
    expect(account).toMatchObject({ externalId: "9", iban: "BE68539007547034", accountNumber: "BE68539007547034", currency: "EUR" });
    expect(account.balance).toEqual({ amountMinor: 1023456n, currency: "EUR", referenceDate: null });
  });

  it("falls back to the account number without an IBAN and to no balance without one", () => {
    const account = toAccount({ id: "9", name: "Card", balance: null, currency_code: "USD", extra: { account_number: "1234" } });
    expect(account).toMatchObject({ iban: null, accountNumber: "1234", balance: null });
  });

  it("maps the provider's flags", () => {
    const institution = toInstitution(
      provider.parse({
        code: "sandbox_mfa_bank_be",
        name: "Sandbox MFA Bank",
        country_code: "BE",
        status: "active",
        logo_url: "data:image/svg+xml;base64,AA==",
        max_consent_days: 90,
        max_fetch_interval: 730,
        automatic_fetch: true,
        interactive: true,
        bic_codes: ["SBXMBEBB"],
        supported_account_types: ["personal"],
      }),
    );
    expect(institution).toEqual({
      provider: "saltedge",
      externalId: "sandbox_mfa_bank_be",
      name: "Sandbox MFA Bank",
      country: "BE",
      bic: "SBXMBEBB",
      logo: "data:image/svg+xml;base64,AA==",
      historyDays: 730,
      consentDays: 90,
      autoFetch: true,
      refreshesPerDay: null,
      mfa: true,
      beta: false,
      psuTypes: ["personal"],
    });
  });
});
