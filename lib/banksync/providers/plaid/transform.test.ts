import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { numberToDecimalString, numberToMinor } from "@/lib/money";
import { plaidAccountSchema, plaidTransactionSchema, transactionsSyncResponse } from "./schemas";
import { accountFromPlaid, institutionsFromPlaid, logoUrl, pageFromSync, transactionFromPlaid } from "./transform";

const transaction = (overrides: Record<string, unknown> = {}) =>
  plaidTransactionSchema.parse({
    transaction_id: "tx-1",
    account_id: "acc-1",
    amount: 12.5,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    date: "2026-03-02",
    authorized_date: "2026-03-01",
    name: "Coffee shop",
    merchant_name: "Blue Bottle",
    pending: false,
    pending_transaction_id: null,
    payment_channel: "in store",
    ...overrides,
  });

describe("numberToDecimalString", () => {
  it.each([
    [0.1, "0.1"],
    [1234567.89, "1234567.89"],
    [-100, "-100"],
    [1e-7, "0.0000001"],
    [-2.5e-7, "-0.00000025"],
    [1.5e21, "1500000000000000000000"],
    [0, "0"],
  ])("%s → %s", (value, text) => {
    expect(numberToDecimalString(value)).toBe(text);
  });

  it("refuses NaN and infinities", () => {
    expect(() => numberToDecimalString(Number.NaN)).toThrow(RangeError);
    expect(() => numberToDecimalString(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("numberToMinor", () => {
  it("is exact where float arithmetic is not", () => {
    expect(1234567.89 * 100).not.toBe(123456789);
    expect(numberToMinor(1234567.89, "USD")).toBe(123456789n);
    expect(1.15 * 100).not.toBe(115);
    expect(numberToMinor(1.15, "USD")).toBe(115n);
    expect(numberToMinor(0.1, "USD") + numberToMinor(0.2, "USD")).toBe(30n);
    expect(numberToMinor(1.005, "KWD")).toBe(1005n);
    expect(numberToMinor(1234, "JPY")).toBe(1234n);
  });

  it("refuses more decimals than the currency has instead of rounding", () => {
    expect(() => numberToMinor(1.005, "USD")).toThrow(RangeError);
    expect(() => numberToMinor(12.5, "JPY")).toThrow(RangeError);
  });
});

describe("transactionFromPlaid", () => {
  it.each([
    [12.5, -1250n],
    [-100, 10000n],
    [0.1, -10n],
    [1234567.89, -123456789n],
    [-0.01, 1n],
  ])("inverts Plaid's sign: %s → %s", (amount, minor) => {
    expect(transactionFromPlaid(transaction({ amount })).amountMinor).toBe(minor);
  });

  it("maps a posted transaction", () => {
    const normalized = transactionFromPlaid(transaction());
    expect(normalized).toMatchObject({
      externalId: "tx-1",
      date: "2026-03-02",
      valueDate: null,
      currency: "USD",
      description: "Coffee shop",
      partnerName: "Blue Bottle",
      counterpartAccount: null,
      status: "posted",
      pendingExternalId: null,
    });
    expect(normalized.raw).toMatchObject({ payment_channel: "in store" });
  });

  it("maps a pending transaction, and a posted one that replaces it", () => {
    expect(transactionFromPlaid(transaction({ pending: true, merchant_name: null })).status).toBe("pending");
    expect(transactionFromPlaid(transaction({ pending: true, merchant_name: null })).partnerName).toBeNull();
    const posted = transactionFromPlaid(transaction({ transaction_id: "tx-2", pending_transaction_id: "tx-1" }));
    expect(posted).toMatchObject({ status: "posted", externalId: "tx-2", pendingExternalId: "tx-1" });
  });

  it("refuses a transaction without an ISO currency rather than guessing one", () => {
    const error = (() => {
      try {
        transactionFromPlaid(transaction({ iso_currency_code: null, unofficial_currency_code: "BTC" }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_response" });
  });

  it("refuses an amount with sub-cent digits", () => {
    expect(() => transactionFromPlaid(transaction({ amount: 0.001 }))).toThrow(ProviderError);
  });
});

describe("pageFromSync", () => {
  const response = (hasMore: boolean) =>
    transactionsSyncResponse.parse({
      added: [transaction(), transaction({ transaction_id: "tx-p", pending: true })],
      modified: [transaction({ transaction_id: "tx-m", amount: 3 })],
      removed: [{ transaction_id: "tx-old", account_id: "acc-1" }],
      next_cursor: "cursor-2",
      has_more: hasMore,
      transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
      request_id: "req",
    });

  it("carries added and modified rows, removed ids, and the cursor only on the last page", () => {
    const last = pageFromSync(response(false), true);
    expect(last.transactions.map((t) => t.externalId)).toEqual(["tx-1", "tx-p", "tx-m"]);
    expect(last.removedExternalIds).toEqual(["tx-old"]);
    expect(last.cursor).toBe("cursor-2");
    expect(pageFromSync(response(true), true).cursor).toBeNull();
  });

  it("leaves pending rows out when they are not wanted", () => {
    expect(pageFromSync(response(false), false).transactions.map((t) => t.status)).toEqual(["posted", "posted"]);
  });
});

describe("accounts and institutions", () => {
  const account = (overrides: Record<string, unknown>) =>
    plaidAccountSchema.parse({
      account_id: "acc-1",
      name: "Plaid Checking",
      official_name: null,
      mask: "0000",
      type: "depository",
      subtype: "checking",
      balances: { current: 110.1, available: 100, iso_currency_code: "USD", unofficial_currency_code: null },
      ...overrides,
    });

  it("maps an account with its mask and booked balance", () => {
    expect(accountFromPlaid(account({}))).toMatchObject({
      externalId: "acc-1",
      accountNumber: "0000",
      iban: null,
      currency: "USD",
      balance: { amountMinor: 11010n, currency: "USD", referenceDate: null },
    });
  });

  it("reads a credit account's balance as money owed", () => {
    const card = account({ type: "credit", subtype: "credit card", balances: { current: 410.5, available: null, iso_currency_code: "USD" } });
    expect(accountFromPlaid(card).balance?.amountMinor).toBe(-41050n);
  });

  it("lists an institution once per requested country and turns a bare logo into a data URL", () => {
    const listed = institutionsFromPlaid(
      { institution_id: "ins_1", name: "Bank", country_codes: ["US", "CA", "GB"], products: ["transactions"], logo: "iVBORw0KGgo=" },
      ["US", "GB"],
    );
    expect(listed.map((i) => i.country)).toEqual(["US", "GB"]);
    expect(listed[0]).toMatchObject({ provider: "plaid", externalId: "ins_1", bic: null, logo: "data:image/png;base64,iVBORw0KGgo=" });
    expect(logoUrl("data:image/svg+xml;base64,AAA")).toBe("data:image/svg+xml;base64,AAA");
    expect(logoUrl(null)).toBeNull();
  });
});
