import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnablebankingAdapter, enablebankingConfigFromEnv } from "@/lib/banksync/providers/enablebanking";
import type { NormalizedTransaction } from "@/lib/banksync/providers/types";
import { addDays } from "@/lib/dates";
import { drivers } from "@/test/databases";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";
import { PAGE_SIZE } from "./enablebanking/paging";
import { accountTransactions, getState, sandboxToday } from "./store";
import { generatedInstitutions, institutionByName, ruleTransaction, type WorldAccount, type WorldInstitution } from "./world";

const sandboxBank = institutionByName("Sandbox Bank")!;
const [checking, savings, card] = sandboxBank.accounts as [WorldAccount, WorldAccount, WorldAccount];

describe.each(drivers)("the bulk-transactions control call on %s", (driver) => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer(driver);
  });
  afterAll(() => server?.close());

  async function post(call: string, body: unknown) {
    const response = await fetch(`${server.sandboxUrl}/control/${call}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function held(institution: WorldInstitution, account: WorldAccount) {
    const { resetOn } = await getState(server.database.db);
    return accountTransactions(server.database.db, institution, account, await sandboxToday(server.database.db), resetOn);
  }

  const added = <T extends { description: string }>(list: T[]) => list.filter((t) => t.description.startsWith("Bulk transaction "));

  // First, so the next test's additions come after the rule's list was made (and kept) for the day.
  it("serves the world's rule from one list a day: equal each call, and frozen against callers", async () => {
    const first = await held(sandboxBank, savings);
    const second = await held(sandboxBank, savings);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(first.length).toBeGreaterThan(300);
    expect(() => {
      (first[0] as { amount: string }).amount = "1.00";
    }).toThrow(TypeError);
  });

  it("adds that many posted transactions, spread evenly over the days asked, oldest first", async () => {
    expect(await post("bulk-transactions", { institution: "Sandbox Bank", account: "Savings", count: 1000, days: 10 })).toEqual({ status: 200, body: { added: 1000 } });
    const today = await sandboxToday(server.database.db);
    const bulk = added(await held(sandboxBank, savings));
    expect(bulk).toHaveLength(1000);
    expect(bulk.every((t) => t.status === "posted" && t.currency === "EUR")).toBe(true);
    const perDay = new Map<string, number>();
    for (const t of bulk) perDay.set(t.date, (perDay.get(t.date) ?? 0) + 1);
    expect([...perDay.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => addDays(today, i - 10)));
    expect([...perDay.values()]).toEqual(Array(10).fill(100));
    // Within a day, in the order they were added.
    expect(bulk.slice(0, 3).map((t) => t.description)).toEqual(["Bulk transaction 1", "Bulk transaction 2", "Bulk transaction 3"]);
  });

  it("gives every transaction its own id, description and an amount no history transaction has", async () => {
    await post("bulk-transactions", { institution: "Sandbox Bank", account: "Card", count: 300, days: 3 });
    const single = await post("transactions", { institution: "Sandbox Bank", account: "Card", date: addDays(await sandboxToday(server.database.db), -1), amount: "-1.00", description: "One more", status: "posted" });
    await post("bulk-transactions", { institution: "Sandbox Bank", account: "Card", count: 200, days: 2 });
    const all = await held(sandboxBank, card);
    const bulk = added(all);
    expect(bulk).toHaveLength(500);
    expect(new Set(all.map((t) => t.suffix)).size).toBe(all.length);
    expect(new Set(bulk.map((t) => t.description)).size).toBe(500);
    expect(String(single.body.id)).toMatch(/-X301$/);
    expect(all.some((t) => t.suffix.endsWith("-X302"))).toBe(true);
    // Never a possible duplicate of the day's history transaction.
    expect(bulk.some((t) => t.amount === ruleTransaction(t.date).amount)).toBe(false);
    expect(new Set(bulk.map((t) => t.amount)).size).toBe(500);
    expect(bulk.find((t) => t.description === "Bulk transaction 1")?.amount).toBe("-100.00");
  });

  it("writes amounts with the currency's decimals", async () => {
    const japanese = generatedInstitutions().find((i) => i.country === "JP")!;
    await post("bulk-transactions", { institution: japanese.name, account: "Current Account", count: 2 });
    expect(added(await held(japanese, japanese.accounts[0]!)).map((t) => [t.amount, t.currency])).toEqual([
      ["-10000", "JPY"],
      ["-10001", "JPY"],
    ]);
  });

  it("refuses a bad count, more days than the bank holds and unknown names", async () => {
    expect((await post("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count: 0 })).status).toBe(400);
    expect((await post("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count: 1.5 })).status).toBe(400);
    const tooLong = await post("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count: 1, days: 401 });
    expect(tooLong).toEqual({ status: 400, body: { error: "Sandbox Bank holds 400 days of history" } });
    expect((await post("bulk-transactions", { institution: "Sandbox Bank", account: "Nope", count: 1 })).status).toBe(404);
    expect(added(await held(sandboxBank, checking))).toHaveLength(0);
  });

  it("is served page by page by Enable Banking, every transaction once", async () => {
    const count = 2_000;
    expect((await post("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count })).body).toEqual({ added: count });
    const adapter = createEnablebankingAdapter(enablebankingConfigFromEnv({}, server.sandboxUrl)!, { sleep: async () => {}, timeoutMs: 30_000 });
    const bank = (await adapter.listInstitutions("BE")).find((i) => i.name === "Sandbox Bank")!;
    const started = await adapter.startAuthorization({
      institution: { externalId: bank.externalId, country: bank.country, name: bank.name },
      redirectUrl: "http://127.0.0.1:9/callback",
      state: "bulk",
      language: "en",
      psuType: "business",
      historyDays: bank.historyDays,
      consentDays: bank.consentDays,
      clientUserId: "bulk-test",
      existing: null,
    });
    const completed = await adapter.completeAuthorization(started.pending, (await completeHostedConsent(started.url, { accounts: ["Checking"] })).searchParams);
    const today = await sandboxToday(server.database.db);
    const pages: NormalizedTransaction[][] = [];
    for await (const page of adapter.fetchTransactions(completed.secret, {
      accountExternalId: completed.accounts[0]!.externalId,
      from: addDays(today, -730),
      to: today,
      cursor: null,
      includePending: false,
      background: false,
    })) {
      pages.push(page.transactions);
    }
    // The default spread is the history the provider serves: 400 days of Sandbox Bank, 2,400 posted in all.
    expect(pages.length).toBe((count + 400) / PAGE_SIZE);
    expect(pages.every((page) => page.length === PAGE_SIZE)).toBe(true);
    const all = pages.flat();
    expect(new Set(all.map((t) => t.externalId)).size).toBe(count + 400);
    expect(added(all)).toHaveLength(count);
    expect(all[0]!.date).toBe(addDays(today, -400));
    expect(all.at(-1)!.date).toBe(addDays(today, -1));
  });
});
