import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { transactionSchema, type GocardlessTransaction } from "./schemas";
import { amountToMinor, pickBalance, toAccount, toInstitutions, toTransactions } from "./transform";

const ACCOUNT = "7e0a5d3c-1f2b-4c3d-a4e5-6f7a8b9c0d1e";

/** Parsed through the real schema, as the client hands rows to the transform. */
function row(fields: Record<string, unknown>): GocardlessTransaction {
  return transactionSchema.parse(fields);
}

describe("amountToMinor", () => {
  it.each([
    ["-0.10", "EUR", -10n],
    ["1234567.89", "EUR", 123456789n],
    ["-1234567.89", "EUR", -123456789n],
    ["+45.5", "EUR", 4550n],
    ["1000", "EUR", 100000n],
    ["-12.50", "eur", -1250n],
    ["1500", "JPY", 1500n],
    ["-1.234", "KWD", -1234n],
    ["0.00", "EUR", 0n],
  ])("%s %s → %s", (amount, currency, expected) => {
    expect(amountToMinor({ amount, currency }).amountMinor).toBe(expected);
  });

  it.each([
    ["12,50", "EUR"],
    ["1.005", "EUR"],
    ["1e3", "EUR"],
    ["10.00", "XXY"],
    ["", "EUR"],
  ])("refuses %j %s as an invalid response", (amount, currency) => {
    try {
      amountToMinor({ amount, currency });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).kind).toBe("invalid_response");
    }
  });
});

describe("toTransactions", () => {
  const booked = row({
    transactionId: "2026112500123",
    internalTransactionId: "a1b2c3",
    bookingDate: "2026-11-24",
    valueDate: "2026-11-23",
    transactionAmount: { amount: "-45.10", currency: "EUR" },
    creditorName: "Colruyt Halle",
    creditorAccount: { iban: "BE68 5390 0754 7034" },
    debtorName: "Jan Peeters",
    debtorAccount: { iban: "BE71096123456769" },
    remittanceInformationUnstructured: "Groceries 24/11",
    bankTransactionCode: "PMNT-CCRD-POSD",
  });

  it.each([
    { name: "entryReference first", fields: { entryReference: "E1", transactionId: "T1", internalTransactionId: "I1" }, id: "E1" },
    { name: "then transactionId", fields: { transactionId: "T1", internalTransactionId: "I1" }, id: "T1" },
    { name: "then internalTransactionId", fields: { internalTransactionId: "I1" }, id: "I1" },
    { name: "empty ids are no ids", fields: { entryReference: "", transactionId: "T1" }, id: "T1" },
  ])("id: $name", ({ fields, id }) => {
    const [t] = toTransactions(ACCOUNT, [row({ ...fields, bookingDate: "2026-11-24", transactionAmount: { amount: "1.00", currency: "EUR" } })], "posted");
    expect(t!.externalId).toBe(id);
  });

  it("money out: signed amount, creditor as partner and counterpart, dates kept", () => {
    const [t] = toTransactions(ACCOUNT, [booked], "posted");
    expect(t).toMatchObject({
      externalId: "2026112500123",
      date: "2026-11-24",
      valueDate: "2026-11-23",
      amountMinor: -4510n,
      currency: "EUR",
      description: "Groceries 24/11",
      partnerName: "Colruyt Halle",
      counterpartAccount: "BE68539007547034",
      status: "posted",
      pendingExternalId: null,
    });
    expect(t!.raw).toMatchObject({ bankTransactionCode: "PMNT-CCRD-POSD" });
  });

  it("money in: debtor as partner and counterpart", () => {
    const [t] = toTransactions(
      ACCOUNT,
      [row({ ...booked, transactionAmount: { amount: "2500.00", currency: "EUR" }, creditorName: "Our Company", creditorAccount: { iban: "BE62510007547061" } })],
      "posted",
    );
    expect(t).toMatchObject({ amountMinor: 250000n, partnerName: "Jan Peeters", counterpartAccount: "BE71096123456769" });
  });

  it("money out without a creditor has no partner (never the debtor, which is us)", () => {
    const [t] = toTransactions(ACCOUNT, [row({ bookingDate: "2026-11-24", transactionAmount: { amount: "-3.00", currency: "EUR" }, debtorName: "Jan Peeters" })], "posted");
    expect(t).toMatchObject({ partnerName: null, counterpartAccount: null });
  });

  it("joins the remittance array, and the unstructured text before it", () => {
    const [a, b] = toTransactions(
      ACCOUNT,
      [
        row({ bookingDate: "2026-11-24", transactionAmount: { amount: "-1.00", currency: "EUR" }, remittanceInformationUnstructuredArray: ["INVOICE 2026/118", " ref 42 ", ""] }),
        row({
          bookingDate: "2026-11-24",
          transactionAmount: { amount: "-1.00", currency: "EUR" },
          remittanceInformationUnstructured: "Rent",
          remittanceInformationUnstructuredArray: ["November"],
        }),
      ],
      "posted",
    );
    expect(a!.description).toBe("INVOICE 2026/118 ref 42");
    expect(b!.description).toBe("Rent November");
  });

  it("pending row without id or booking date: value date, stable hash", () => {
    const pending = row({ valueDate: "2026-11-25", transactionAmount: { amount: "-7.50", currency: "EUR" }, remittanceInformationUnstructured: "Pending 2" });
    const [first] = toTransactions(ACCOUNT, [pending], "pending");
    const [again] = toTransactions(ACCOUNT, [structuredClone(pending)], "pending");
    expect(first).toMatchObject({ date: "2026-11-25", amountMinor: -750n, status: "pending" });
    expect(first!.externalId).toMatch(/^h-[0-9a-f]{32}$/);
    expect(again!.externalId).toBe(first!.externalId);
  });

  it("two identical rows without ids get two different, repeatable ids", () => {
    const twin = { bookingDate: "2026-11-20", transactionAmount: { amount: "-9.99", currency: "EUR" }, remittanceInformationUnstructured: "Coffee" };
    const ids = toTransactions(ACCOUNT, [row(twin), row(twin)], "posted").map((t) => t.externalId);
    expect(new Set(ids).size).toBe(2);
    expect(toTransactions(ACCOUNT, [row(twin), row(twin)], "posted").map((t) => t.externalId)).toEqual(ids);
    // A row with its own id does not shift the numbering of the anonymous ones.
    const withNamed = toTransactions(ACCOUNT, [row({ ...twin, transactionId: "X" }), row(twin), row(twin)], "posted").map((t) => t.externalId);
    expect(withNamed).toEqual(["X", ...ids]);
  });

  it("the hash depends on the account, and a pending row never shares a booked row's hash", () => {
    const same = { bookingDate: "2026-11-20", transactionAmount: { amount: "-9.99", currency: "EUR" }, remittanceInformationUnstructured: "Coffee" };
    const [a] = toTransactions(ACCOUNT, [row(same)], "posted");
    const [b] = toTransactions("other-account", [row(same)], "posted");
    const [c] = toTransactions(ACCOUNT, [row(same)], "pending");
    expect(new Set([a!.externalId, b!.externalId, c!.externalId]).size).toBe(3);
  });

  it("a date-time is cut to its date; no date at all is an invalid response", () => {
    const [t] = toTransactions(ACCOUNT, [row({ bookingDateTime: "2026-11-24T10:11:12Z", transactionAmount: { amount: "1.00", currency: "EUR" } })], "posted");
    expect(t!.date).toBe("2026-11-24");
    expect(() => toTransactions(ACCOUNT, [row({ transactionAmount: { amount: "1.00", currency: "EUR" } })], "posted")).toThrow(ProviderError);
  });
});

describe("accounts and balances", () => {
  const balances = [
    { balanceAmount: { amount: "10512.25", currency: "EUR" }, balanceType: "interimAvailable", referenceDate: "2026-11-25" },
    { balanceAmount: { amount: "10524.75", currency: "EUR" }, balanceType: "closingBooked", referenceDate: "2026-11-24" },
  ];

  it("prefers the booked balance", () => {
    expect(pickBalance(balances)).toEqual({ amountMinor: 1052475n, currency: "EUR", referenceDate: "2026-11-24" });
    expect(pickBalance([])).toBeNull();
  });

  it("maps details to an account; the currency is never invented", () => {
    const account = toAccount(ACCOUNT, { iban: "BE68 5390 0754 7034", currency: "EUR", name: "Checking", ownerName: "Jan" }, balances);
    expect(account).toMatchObject({ externalId: ACCOUNT, name: "Checking", iban: "BE68539007547034", accountNumber: "BE68539007547034", currency: "EUR" });
    expect(toAccount(ACCOUNT, { iban: "BE68539007547034", product: "Zichtrekening" }, balances)).toMatchObject({ name: "Zichtrekening", currency: "EUR" });
    expect(() => toAccount(ACCOUNT, { iban: "BE68539007547034" }, [])).toThrow(ProviderError);
  });
});

describe("toInstitutions", () => {
  const institution = {
    id: "SANDBOX_BANK_SBXBBEBB",
    name: "Sandbox Bank",
    bic: "SBXBBEBB",
    transaction_total_days: 730,
    max_access_valid_for_days: 180,
    countries: ["BE", "NL"],
    logo: "https://cdn.example/logo.png",
  };

  it("one entry per country, or only the one asked for", () => {
    expect(toInstitutions(institution).map((i) => i.country)).toEqual(["BE", "NL"]);
    const [be] = toInstitutions(institution, "be");
    expect(be).toEqual({
      provider: "gocardless",
      externalId: "SANDBOX_BANK_SBXBBEBB",
      name: "Sandbox Bank",
      country: "BE",
      bic: "SBXBBEBB",
      logo: "https://cdn.example/logo.png",
      historyDays: 730,
      consentDays: 180,
      autoFetch: true,
      refreshesPerDay: 4,
      mfa: false,
      beta: false,
      psuTypes: ["personal", "business"],
    });
  });
});
