import { isValidIBAN } from "ibantools";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/dates";
import { allInstitutions, bankTransactions, institutionByName, providerIdFor, ruleTransaction, specialInstitutions } from "./world";

describe("the sandbox world", () => {
  it("has every special institution of SANDBOX.md with its providers, default first", () => {
    const table: [string, string[], number][] = [
      ["Sandbox Bank", ["gocardless", "saltedge", "enablebanking"], 730],
      ["Sandbox 90-Day Bank", ["gocardless"], 90],
      ["Sandbox MFA Bank", ["saltedge"], 730],
      ["Sandbox Manual Bank", ["saltedge"], 730],
      ["Sandbox Daily Limit Bank", ["enablebanking"], 730],
      ["Sandbox Flaky Bank", ["gocardless"], 730],
      ["Sandbox Duplicates Bank", ["enablebanking"], 730],
      ["Sandbox Expiring Bank", ["gocardless"], 730],
      ["Sandbox Linked Bank", ["saltedge"], 730],
      ["Sandbox Sticky Bank", ["saltedge"], 730],
      ["Sandbox Beta Bank", ["enablebanking"], 730],
      ["Sandbox US Bank", ["plaid"], 730],
    ];
    expect(specialInstitutions.map((i) => [i.name, i.providers, i.historyDays])).toEqual(table);
    expect(institutionByName("sandbox bank")!.accounts.map((a) => [a.name, a.currency])).toEqual([
      ["Checking", "EUR"],
      ["Savings", "EUR"],
      ["Card", "USD"],
    ]);
    expect(institutionByName("Sandbox US Bank")!.accounts.map((a) => a.name)).toEqual(["Plaid Checking", "Plaid Credit Card"]);
    expect(institutionByName("Sandbox Beta Bank")!.beta).toBe(true);
    expect(institutionByName("Sandbox Expiring Bank")!.consentDays).toBe(3);
    for (const i of specialInstitutions.filter((s) => s.country === "BE")) for (const a of i.accounts) expect(isValidIBAN(a.iban!)).toBe(true);
  });

  it("holds at least 26,000 institutions in at least 40 countries, with unique BICs", () => {
    const all = allInstitutions();
    expect(all.length).toBeGreaterThanOrEqual(26_000);
    expect(new Set(all.map((i) => i.country)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(all.map((i) => i.bic)).size).toBe(all.length);
    expect(all.every((i) => i.providers.length > 0 && i.accounts.length > 0)).toBe(true);
  });

  it("follows the transaction rule: salary every 10th day, card payments otherwise", () => {
    for (let d = 0; d < 20; d++) {
      const date = addDays("2026-11-10", d);
      const n = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
      const tx = ruleTransaction(date);
      if (n % 10 === 0) expect(tx).toMatchObject({ amount: "1000.00", description: `Salary ${date}`, status: "posted" });
      else expect(tx).toMatchObject({ amount: `-${(n % 97) + 1}.25`, description: `Card payment ${date}`, status: "posted" });
    }
    expect(ruleTransaction("1970-01-11")).toMatchObject({ amount: "1000.00", description: "Salary 1970-01-11", suffix: "19700111-1" });
    expect(ruleTransaction("1970-01-02")).toMatchObject({ amount: "-2.25", description: "Card payment 1970-01-02" });
  });

  it("gives 400 days of history and two pending today; the duplicates bank adds its twins relative to R", () => {
    const today = "2026-11-26";
    const bank = institutionByName("Sandbox Bank")!;
    const txs = bankTransactions(bank, today, today);
    expect(txs.filter((t) => t.status === "posted")).toHaveLength(400);
    expect(txs[0]!.date).toBe(addDays(today, -400));
    expect(txs.filter((t) => t.status === "pending").map((t) => [t.amount, t.description, t.suffix])).toEqual([
      ["-5.00", "Pending 1", "20261126-P1"],
      ["-7.50", "Pending 2", "20261126-P2"],
    ]);
    const dup = bankTransactions(institutionByName("Sandbox Duplicates Bank")!, today, "2026-11-20");
    const r5 = dup.filter((t) => t.date === "2026-11-15");
    expect(r5.map((t) => t.suffix)).toEqual(["20261115-1", "20261115-2"]);
    expect(r5[1]!.description.endsWith(" bis")).toBe(true);
    expect(dup.filter((t) => t.date === "2026-11-14").map((t) => t.suffix)).toEqual(["20261114-1", "20261114-1"]);
  });

  it("gives each provider stable ids shaped like its own", () => {
    expect(providerIdFor("gocardless", "x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(providerIdFor("saltedge", "x")).toMatch(/^\d+$/);
    expect(providerIdFor("plaid", "x")).toBe(providerIdFor("plaid", "x"));
    expect(providerIdFor("plaid", "x")).not.toBe(providerIdFor("plaid", "y"));
  });
});
