import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { proposeMappings, type MappableJournal } from "./mapping";

const journal = (id: string, currency: string, accountNumber: string | null, linked = false): MappableJournal => ({ id, name: `Journal ${id}`, currency, accountNumber, linked });

describe("proposeMappings", () => {
  it("proposes a new journal when nothing matches, offering unlinked journals of the same currency", () => {
    const journals = [journal("eur", "EUR", null), journal("usd", "USD", null), journal("eur-linked", "EUR", null, true)];
    expect(proposeMappings([{ id: "a", currency: "EUR", accountNumber: "BE71096123456769" }], journals, null)).toEqual([
      { accountId: "a", proposed: "new", journalIds: ["eur"], allowNew: true, conflict: null },
    ]);
  });

  it("proposes the journal holding the account's number first, and then no new journal", () => {
    const journals = [journal("other", "EUR", null), journal("owner", "EUR", "BE71096123456769")];
    expect(proposeMappings([{ id: "a", currency: "EUR", accountNumber: "BE71096123456769" }], journals, "other")[0]).toMatchObject({
      proposed: "owner",
      journalIds: ["other", "owner"],
      allowNew: false,
    });
  });

  it("gives the journal started from to the first account of its currency, once", () => {
    const accounts = [
      { id: "card", currency: "USD", accountNumber: null },
      { id: "checking", currency: "EUR", accountNumber: "X1" },
      { id: "savings", currency: "EUR", accountNumber: "X2" },
    ];
    const proposals = proposeMappings(accounts, [journal("mine", "EUR", null)], "mine");
    expect(proposals.map((p) => p.proposed)).toEqual(["new", "mine", "new"]);
  });

  it("does not give the journal started from to another account when the number's owner claims it", () => {
    const accounts = [
      { id: "first", currency: "EUR", accountNumber: "X9" },
      { id: "owned", currency: "EUR", accountNumber: "X1" },
    ];
    const proposals = proposeMappings(accounts, [journal("mine", "EUR", "X1")], "mine");
    expect(proposals.map((p) => p.proposed)).toEqual(["new", "mine"]);
  });

  it.each([
    ["already synchronized", journal("owner", "EUR", "X1", true), "Already synchronized in journal “Journal owner”."],
    ["in another currency", journal("owner", "USD", "X1"), "Journal “Journal owner” holds this account number in USD."],
  ])("does not synchronize an account whose number's journal is %s", (_name, owner, conflict) => {
    const [proposal] = proposeMappings([{ id: "a", currency: "EUR", accountNumber: "X1" }], [owner], null);
    expect(proposal).toMatchObject({ accountId: "a", proposed: "skip", journalIds: [], allowNew: false });
    expect(say(proposal!.conflict!)).toBe(conflict);
  });
});
