import { describe, expect, it } from "vitest";
import type { ProviderId, ProviderInstitution } from "@/lib/banksync/providers/types";
import { bicKey, mergeInstitutions, nameKey } from "./merge";

function listing(provider: ProviderId, externalId: string, over: Partial<ProviderInstitution> = {}): ProviderInstitution {
  return {
    provider,
    externalId,
    name: "Sandbox Bank",
    country: "BE",
    bic: null,
    logo: null,
    historyDays: 730,
    consentDays: null,
    autoFetch: true,
    refreshesPerDay: null,
    mfa: false,
    beta: false,
    psuTypes: ["personal", "business"],
    ...over,
  };
}

/** Each merged bank as "name/country/bic: provider:id, provider:id". */
function summary(listings: ProviderInstitution[]): string[] {
  return mergeInstitutions(listings).map(
    (e) => `${e.name}/${e.country}/${e.bic ?? "-"}: ${e.providers.map((p) => `${p.provider}:${p.externalId}@${p.rank}`).join(", ")}`,
  );
}

describe("mergeInstitutions", () => {
  const cases: { name: string; listings: ProviderInstitution[]; expected: string[] }[] = [
    {
      name: "the same BIC is one bank, whatever the names",
      listings: [
        listing("gocardless", "g1", { name: "Sandbox Bank", bic: "SBXBBEBB" }),
        listing("saltedge", "s1", { name: "Sandbox Bank NV", bic: "SBXBBEBB" }),
      ],
      expected: ["Sandbox Bank/BE/SBXBBEBB: gocardless:g1@0, saltedge:s1@1"],
    },
    {
      name: "BICs compare without case, spaces or the XXX branch code",
      listings: [
        listing("gocardless", "g1", { bic: "SBXBBEBBXXX" }),
        listing("enablebanking", "e1", { bic: "sbxb bebb" }),
      ],
      expected: ["Sandbox Bank/BE/SBXBBEBB: gocardless:g1@0, enablebanking:e1@1"],
    },
    {
      name: "without a BIC, the same folded name in the same country is one bank",
      listings: [
        listing("enablebanking", "e1", { name: "Banque de Liège", country: "BE" }),
        listing("saltedge", "s1", { name: "BANQUE DE LIEGE", country: "BE", bic: "BLGEBEBB" }),
      ],
      expected: ["BANQUE DE LIEGE/BE/BLGEBEBB: saltedge:s1@0, enablebanking:e1@1"],
    },
    {
      name: "the same name in another country is another bank",
      listings: [listing("gocardless", "g1", { country: "BE" }), listing("saltedge", "s1", { country: "NL" })],
      expected: ["Sandbox Bank/BE/-: gocardless:g1@0", "Sandbox Bank/NL/-: saltedge:s1@0"],
    },
    {
      name: "the same name with different BICs is two banks",
      listings: [listing("gocardless", "g1", { bic: "AAAABEBB" }), listing("saltedge", "s1", { bic: "BBBBBEBB" })],
      expected: ["Sandbox Bank/BE/AAAABEBB: gocardless:g1@0", "Sandbox Bank/BE/BBBBBEBB: saltedge:s1@0"],
    },
    {
      name: "the default provider comes first: gocardless, saltedge, enablebanking, plaid",
      listings: [
        listing("plaid", "p1", { bic: "SBXBBEBB" }),
        listing("enablebanking", "e1", { bic: "SBXBBEBB" }),
        listing("saltedge", "s1", { bic: "SBXBBEBB" }),
        listing("gocardless", "g1", { bic: "SBXBBEBB" }),
      ],
      expected: ["Sandbox Bank/BE/SBXBBEBB: gocardless:g1@0, saltedge:s1@1, enablebanking:e1@2, plaid:p1@3"],
    },
    {
      name: "the default provider names the bank",
      listings: [
        listing("enablebanking", "e1", { name: "Sandbox Bank SA", bic: "SBXBBEBB" }),
        listing("saltedge", "s1", { name: "Sandbox Bank", bic: "SBXBBEBB" }),
      ],
      expected: ["Sandbox Bank/BE/SBXBBEBB: saltedge:s1@0, enablebanking:e1@1"],
    },
    {
      name: "one provider listing the same id in several countries is one listing",
      listings: [listing("gocardless", "g1", { country: "BE", bic: "NTSBDEB1" }), listing("gocardless", "g1", { country: "DE", bic: "NTSBDEB1" })],
      expected: ["Sandbox Bank/BE/NTSBDEB1: gocardless:g1@0"],
    },
    {
      name: "one provider's two listings sharing a BIC stay two banks; the second loses the BIC",
      listings: [
        listing("gocardless", "g1", { name: "Sandbox Bank", bic: "SBXBBEBB" }),
        listing("gocardless", "g2", { name: "Sandbox Bank Business", bic: "SBXBBEBB" }),
      ],
      expected: ["Sandbox Bank/BE/SBXBBEBB: gocardless:g1@0", "Sandbox Bank Business/BE/-: gocardless:g2@0"],
    },
    {
      name: "one provider's two same-named listings without BIC stay two banks",
      listings: [listing("saltedge", "s1"), listing("saltedge", "s2")],
      expected: ["Sandbox Bank/BE/-: saltedge:s1@0", "Sandbox Bank/BE/-: saltedge:s2@0"],
    },
  ];

  it.each(cases)("$name", ({ listings, expected }) => {
    expect(summary(listings)).toEqual(expected);
  });

  const statusCases: { name: string; betas: boolean[]; status: "stable" | "beta" }[] = [
    { name: "beta when every provider says beta", betas: [true, true], status: "beta" },
    { name: "stable when one provider says stable", betas: [true, false], status: "stable" },
    { name: "stable when no provider says beta", betas: [false], status: "stable" },
    { name: "beta with a single beta provider", betas: [true], status: "beta" },
  ];

  it.each(statusCases)("$name", ({ betas, status }) => {
    const providers: ProviderId[] = ["gocardless", "saltedge"];
    const listings = betas.map((beta, i) => listing(providers[i]!, `x${i}`, { bic: "SBXTBEBB", beta }));
    const [entry] = mergeInstitutions(listings);
    expect(entry?.status).toBe(status);
  });

  it("takes the logo of the first provider that has one", () => {
    const [entry] = mergeInstitutions([
      listing("gocardless", "g1", { bic: "SBXBBEBB", logo: null }),
      listing("saltedge", "s1", { bic: "SBXBBEBB", logo: "https://logo/s1.png" }),
    ]);
    expect(entry?.logo).toBe("https://logo/s1.png");
  });

  it("keeps each provider's own details on its row", () => {
    const [entry] = mergeInstitutions([
      listing("gocardless", "g1", { bic: "SBXBBEBB", historyDays: 730, consentDays: 180 }),
      listing("saltedge", "s1", { bic: "SBXBBEBB", historyDays: 365, mfa: true, autoFetch: false }),
    ]);
    expect(entry?.providers.map((p) => [p.provider, p.historyDays, p.consentDays, p.mfa, p.autoFetch])).toEqual([
      ["gocardless", 730, 180, false, true],
      ["saltedge", 365, null, true, false],
    ]);
  });
});

describe("bicKey and nameKey", () => {
  it.each([
    ["SBXBBEBB", "SBXBBEBB"],
    ["SBXBBEBBXXX", "SBXBBEBB"],
    ["SBXBBEBB123", "SBXBBEBB123"],
    [" sbxb bebb ", "SBXBBEBB"],
    ["", null],
    [null, null],
  ])("bicKey(%j) = %j", (input, expected) => {
    expect(bicKey(input)).toBe(expected);
  });

  it("folds accents, case and punctuation of names", () => {
    expect(nameKey("Crédit Agricole - Liège", "be")).toBe(nameKey("credit agricole liege", "BE"));
  });
});
