import { describe, expect, it } from "vitest";
import { isProviderError } from "../errors";
import type { Transaction } from "./schemas";
import { institutionExternalId, parseInstitutionExternalId, toAccount, toBalance, toInstitution, toTransactions } from "./transform";

function row(overrides: Partial<Transaction> = {}): Transaction {
  return {
    transaction_id: "tx-1",
    entry_reference: "ref-1",
    transaction_amount: { amount: "12.50", currency: "EUR" },
    credit_debit_indicator: "DBIT",
    status: "BOOK",
    booking_date: "2026-03-04",
    value_date: "2026-03-05",
    remittance_information: ["Card payment", "Shop 12"],
    creditor: { name: "Shop" },
    debtor: { name: "Me" },
    creditor_account: { iban: "BE71096123456769" },
    debtor_account: { iban: "BE68539007547034" },
    ...overrides,
  };
}

describe("toTransactions", () => {
  it.each([
    ["12.50", "DBIT", -1250n],
    ["12.50", "CRDT", 1250n],
    ["0.10", "DBIT", -10n],
    ["1234567.89", "CRDT", 123456789n],
    ["1234567.89", "DBIT", -123456789n],
    ["1000", "CRDT", 100000n],
  ] as const)("%s %s → %s minor units", (amount, indicator, expected) => {
    const [t] = toTransactions([row({ transaction_amount: { amount, currency: "EUR" }, credit_debit_indicator: indicator })], "acc");
    expect(t!.amountMinor).toBe(expected);
  });

  it("keeps the indicator authoritative when a bank also signs the amount", () => {
    const [t] = toTransactions([row({ transaction_amount: { amount: "-3.00", currency: "EUR" }, credit_debit_indicator: "DBIT" })], "acc");
    expect(t!.amountMinor).toBe(-300n);
  });

  it("uses the currency's decimals (JPY has none, KWD three)", () => {
    const [jpy, kwd] = toTransactions(
      [
        row({ transaction_amount: { amount: "1500", currency: "JPY" }, credit_debit_indicator: "DBIT" }),
        row({ transaction_id: "tx-2", transaction_amount: { amount: "1.234", currency: "KWD" }, credit_debit_indicator: "CRDT" }),
      ],
      "acc",
    );
    expect(jpy!.amountMinor).toBe(-1500n);
    expect(kwd!.amountMinor).toBe(1234n);
  });

  it("refuses an amount with more decimals than the currency allows", () => {
    let caught: unknown;
    try {
      toTransactions([row({ transaction_amount: { amount: "1.005", currency: "EUR" } })], "acc");
    } catch (error) {
      caught = error;
    }
    expect(isProviderError(caught, "invalid_response")).toBe(true);
  });

  it("maps BOOK to posted and PDNG to pending, and drops cancelled rows", () => {
    const list = toTransactions(
      [row({ status: "BOOK" }), row({ transaction_id: "p", status: "PDNG", booking_date: null }), row({ transaction_id: "c", status: "CNCL" })],
      "acc",
    );
    expect(list.map((t) => [t.externalId, t.status])).toEqual([
      ["tx-1", "posted"],
      ["p", "pending"],
    ]);
    // A pending row without a booking date takes its value date.
    expect(list[1]!.date).toBe("2026-03-05");
  });

  it("takes the booking date, the value date, the joined remittance text and the creditor of money out", () => {
    const [t] = toTransactions([row()], "acc");
    expect(t).toMatchObject({
      externalId: "tx-1",
      date: "2026-03-04",
      valueDate: "2026-03-05",
      currency: "EUR",
      description: "Card payment Shop 12",
      partnerName: "Shop",
      counterpartAccount: "BE71096123456769",
      pendingExternalId: null,
    });
  });

  it("takes the debtor as the partner of money in", () => {
    const [t] = toTransactions([row({ credit_debit_indicator: "CRDT", debtor: { name: "Employer" } })], "acc");
    expect(t!.partnerName).toBe("Employer");
    expect(t!.counterpartAccount).toBe("BE68539007547034");
  });

  it("falls back from transaction_id to entry_reference", () => {
    const [t] = toTransactions([row({ transaction_id: null, entry_reference: "ref-9" })], "acc");
    expect(t!.externalId).toBe("ref-9");
  });

  it("gives rows without any id a stable hash, distinct for identical twins, the same on a re-fetch", () => {
    const bare = row({ transaction_id: null, entry_reference: null });
    const first = toTransactions([bare, bare, row({ transaction_id: undefined, entry_reference: undefined, booking_date: "2026-03-06" })], "acc");
    const again = toTransactions([bare, bare, row({ transaction_id: undefined, entry_reference: undefined, booking_date: "2026-03-06" })], "acc");
    const ids = first.map((t) => t.externalId);
    expect(ids.every((id) => id.startsWith("h-"))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(again.map((t) => t.externalId)).toEqual(ids);
    expect(toTransactions([bare], "other-account")[0]!.externalId).not.toBe(ids[0]);
  });

  it("numbers identical id-less rows across the pages of one fetch", () => {
    const bare = row({ transaction_id: null, entry_reference: null });
    const occurrences = new Map<string, number>();
    const [a] = toTransactions([bare], "acc", occurrences);
    const [b] = toTransactions([bare], "acc", occurrences);
    expect(a!.externalId).not.toBe(b!.externalId);
  });

  it("refuses a row without any date", () => {
    expect(() => toTransactions([row({ booking_date: null, value_date: null, transaction_date: null })], "acc")).toThrow(/no date/);
  });
});

describe("toInstitution", () => {
  it("names the ASPSP by country and name and reads its limits", () => {
    const institution = toInstitution({
      name: "Sandbox Bank",
      country: "BE",
      logo: "https://example.test/logo.png",
      bic: "SBXBBEBB",
      psu_types: ["personal", "business", "other"],
      maximum_consent_validity: 180 * 86_400,
      beta: true,
      transaction_total_days: 730,
    });
    expect(institution).toMatchObject({
      provider: "enablebanking",
      externalId: "BE:Sandbox Bank",
      consentDays: 180,
      historyDays: 730,
      beta: true,
      psuTypes: ["personal", "business"],
      logo: "https://example.test/logo.png",
    });
    expect(parseInstitutionExternalId(institution.externalId)).toEqual({ country: "BE", name: "Sandbox Bank" });
    expect(parseInstitutionExternalId(institutionExternalId({ country: "FR", name: "A: B" }))).toEqual({ country: "FR", name: "A: B" });
  });

  it("leaves unknown limits unknown and assumes the PSD2 90 days of history", () => {
    expect(toInstitution({ name: "X", country: "DE", psu_types: ["personal"] })).toMatchObject({ consentDays: null, historyDays: 90, beta: false, logo: null });
  });
});

describe("accounts and balances", () => {
  it("prefers the booked closing balance", () => {
    expect(
      toBalance([
        { balance_amount: { amount: "5.00", currency: "EUR" }, balance_type: "ITAV" },
        { balance_amount: { amount: "-1234.56", currency: "EUR" }, balance_type: "CLBD", reference_date: "2026-03-04" },
      ]),
    ).toEqual({ amountMinor: -123456n, currency: "EUR", referenceDate: "2026-03-04" });
  });

  it("refuses an account without balances", () => {
    expect(() => toBalance([])).toThrow(/no balance/);
  });

  it("reads IBAN or another identification", () => {
    const withIban = toAccount({ uid: "u1", account_id: { iban: "BE71096123456769" }, name: "Checking", currency: "EUR" }, null);
    expect(withIban).toMatchObject({ externalId: "u1", name: "Checking", iban: "BE71096123456769", accountNumber: "BE71096123456769", currency: "EUR" });
    const other = toAccount({ uid: "u2", account_id: { other: { identification: "12345678", scheme_name: "BBAN" } }, product: "Current", currency: "GBP" }, null);
    expect(other).toMatchObject({ name: "Current", iban: null, accountNumber: "12345678" });
  });
});
