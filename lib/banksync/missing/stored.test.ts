import { describe, expect, it } from "vitest";
import type { NormalizedTransaction } from "../providers/types";
import { fromStored, toStored } from "./stored";

const transaction: NormalizedTransaction = {
  externalId: "acc-20261116-X1",
  date: "2026-11-16",
  valueDate: null,
  amountMinor: -123456789012345n,
  currency: "EUR",
  description: "Late booking",
  partnerName: null,
  counterpartAccount: "BE68539007547034",
  status: "posted",
  pendingExternalId: null,
  raw: { transactionId: "X1", amount: { amount: "-1234567890123.45" } },
};

describe("stored missing transactions", () => {
  it("keep amounts exact through JSON", () => {
    const json = JSON.parse(JSON.stringify([toStored(transaction)]));
    expect(json[0].amountMinor).toBe("-123456789012345");
    expect(fromStored(json)).toEqual([transaction]);
  });

  it("refuse a row that is not what was stored", () => {
    expect(() => fromStored([{ ...toStored(transaction), amountMinor: "-12.50" }])).toThrow();
    expect(() => fromStored({})).toThrow();
  });
});
