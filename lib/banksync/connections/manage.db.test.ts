import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connections, journals, onlineAccounts, statementLines, syncRuns } from "@/db/schema";
import type { Db } from "@/db/client";
import { getObject } from "@/lib/sandbox/store";
import { APP_ORIGIN, startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { completeHostedConsent, type ConsentChoices } from "@/test/hosted-consent";
import { getConnectionAttempt } from "../connect/attempt";
import { synchronizeAccounts } from "../connect/link";
import { startReconnection } from "../connect/reconnect";
import { getJournalLink } from "../journal-links";
import { fetchConnection } from "../sync/requests";
import { linkAccountJournal, resetAccountFetch } from "./accounts";
import { deleteConnection } from "./delete";
import { getConnectionDetail } from "./detail";
import { listConnections } from "./list";
import { listConnectionLog } from "./log";
import { waitForRun } from "@/test/runs";
import { say } from "@/test/i18n";
import { sayStored } from "@/test/stored-text";
import { ValidationError } from "../errors";

async function lineCounts(db: Db, journalId: string) {
  const [row] = (await db
    .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${statementLines.onlineTransactionId})::int` })
    .from(statementLines)
    .where(eq(statementLines.journalId, journalId))) as [{ n: number; distinct: number }];
  return row;
}

const today = () => new Date().toISOString().slice(0, 10);

/** What the user is told when `work` is refused, in English. */
async function refusalOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => new Error("expected a refusal"),
    (e: unknown) => e,
  );
  if (!(error instanceof ValidationError)) throw error;
  return Object.values(error.fieldErrors)
    .flat()
    .map((m) => say(m))
    .join(" ");
}

describe.each(drivers)("managing connections on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());
  // Each test starts without connections, whatever the previous one left behind.
  afterEach(async () => {
    for (const c of await h.deps.db.select().from(connections)) {
      await h.deps.db.update(syncRuns).set({ status: "failed" }).where(eq(syncRuns.connectionId, c.id));
      await h.deps.db.delete(connections).where(eq(connections.id, c.id));
    }
  });

  /** "Update Credentials": the provider's pages again for the same connection, then its "update" run. */
  async function updateCredentials(connectionId: string, choices: ConsentChoices = {}) {
    const started = await startReconnection(h.deps, h.co.accountant, { connectionId, appOrigin: APP_ORIGIN, language: "en" });
    if (!started.ok) throw new Error(started.failure.message.key);
    const back = await completeHostedConsent(started.url, choices);
    const [connection] = await h.deps.db.select({ provider: connections.provider }).from(connections).where(eq(connections.id, connectionId));
    expect(await h.callback(connection!.provider, back.searchParams, h.co.accountant.userId)).toEqual({ outcome: "authorized", attemptId: started.attemptId });
    const [update] = await h.deps.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.trigger, "update")))
      .orderBy(sql`${syncRuns.queuedAt} desc`)
      .limit(1);
    return waitForRun(h.deps.db, update!.id);
  }

  it("Update Credentials at GoCardless (new account ids) keeps every journal and imports nothing twice", async () => {
    const { connectionId, runId, journals: linked } = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded" });
    const before = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const checking = linked.get("Checking")!;
    const initial = await lineCounts(h.deps.db, checking);

    expect(await updateCredentials(connectionId)).toMatchObject({ status: "succeeded", imported: 0 });
    const after = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    expect(after).toHaveLength(3);
    for (const account of after) {
      const old = before.find((b) => b.name === account.name)!;
      expect(account.externalId).not.toBe(old.externalId);
      expect(account.journalId).toBe(old.journalId);
      expect(account.missingSince).toBeNull();
    }
    expect(await lineCounts(h.deps.db, checking)).toEqual(initial);

    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Checking", date: today(), amount: "42.00", description: "After update", status: "posted" });
    expect(await updateCredentials(connectionId)).toMatchObject({ status: "succeeded", imported: 1 });
    expect(await lineCounts(h.deps.db, checking)).toEqual({ n: initial.n + 1, distinct: initial.distinct + 1 });
    const log = await listConnectionLog(h.deps.db, h.co.accountant, connectionId);
    expect(log.entries.map((e) => sayStored(e.content))).toContainEqual(expect.stringMatching(/^Credentials updated: 3 accounts renewed\.$/));
    expect(log.entries.find((e) => sayStored(e.content).startsWith("Credentials updated"))!.author).toBe("accountant@connectco.test");
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });

  it("Update Credentials at Plaid (same ids) keeps the journal; an account shared only now is added, to be mapped", async () => {
    const { attemptId, callback } = await h.consent(h.co.accountant, "sandbox-us-bank", "plaid", { accounts: ["Plaid Checking"] });
    expect(await h.callback("plaid", callback.searchParams, h.co.accountant.userId)).toMatchObject({ outcome: "authorized" });
    const attempt = await getConnectionAttempt(h.deps.db, h.co.accountant, attemptId);
    const linked = await synchronizeAccounts(h.deps, h.co.accountant, attemptId, attempt.accounts.map((a) => ({ accountId: a.id, target: "new" as const })));
    expect(await waitForRun(h.deps.db, linked.runId)).toMatchObject({ status: "succeeded" });
    const connectionId = linked.connectionId;
    const [before] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const checking = before!.journalId!;
    const initial = await lineCounts(h.deps.db, checking);

    expect(await updateCredentials(connectionId)).toMatchObject({ status: "succeeded", imported: 0 });
    const detail = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000);
    expect(detail.accounts.map((a) => [a.name, a.journalId])).toEqual([
      ["Plaid Checking", checking],
      ["Plaid Credit Card", null],
    ]);
    const [same] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.id, before!.id));
    expect(same!.externalId).toBe(before!.externalId);
    expect(await lineCounts(h.deps.db, checking)).toEqual(initial);
    const [log] = (await listConnectionLog(h.deps.db, h.co.accountant, connectionId)).entries.filter((e) => sayStored(e.content).startsWith("Credentials updated"));
    expect(sayStored(log!.content)).toBe("Credentials updated: 1 account renewed; 1 new (map it to a journal on the connection's page).");

    // The new account is mapped to a journal of its own; the next fetch fills it, the old journal gets nothing twice.
    const [cards] = await h.deps.db.insert(journals).values({ companyId: h.co.companyId, name: "Credit Card", currency: "USD" }).returning();
    await linkAccountJournal(h.deps, h.co.accountant, detail.accounts[1]!.id, cards!.id);
    await h.server.control("transactions", { institution: "Sandbox US Bank", account: "Plaid Checking", date: today(), amount: "-12.00", description: "Coffee beans", status: "posted" });
    const fetched = await fetchConnection(h.deps, h.co.accountant, connectionId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    expect(await lineCounts(h.deps.db, checking)).toEqual({ n: initial.n + 1, distinct: initial.distinct + 1 });
    expect((await lineCounts(h.deps.db, cards!.id)).distinct).toBeGreaterThan(0);
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });

  it("an account left out when updating the credentials is shown as no longer shared, skipped, and takes its journal back when shared again", async () => {
    const { connectionId, runId, journals: linked } = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    await waitForRun(h.deps.db, runId);
    const card = linked.get("Card")!;
    const cardLines = await lineCounts(h.deps.db, card);
    expect(await updateCredentials(connectionId, { accounts: ["Checking", "Savings"] })).toMatchObject({ status: "succeeded", imported: 0 });
    const detail = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000);
    expect(detail.accounts.map((a) => [a.name, a.missing, a.journalId])).toEqual([
      ["Card", true, card],
      ["Checking", false, linked.get("Checking")],
      ["Savings", false, linked.get("Savings")],
    ]);
    const [log] = (await listConnectionLog(h.deps.db, h.co.accountant, connectionId)).entries.filter((e) => sayStored(e.content).startsWith("Credentials updated"));
    expect(log).toMatchObject({ level: "warning" });
    expect(sayStored(log!.content)).toBe("Credentials updated: 2 accounts renewed; 1 no longer shared: “Card”.");
    // The journal's card says so.
    expect(await getJournalLink(h.deps.db, h.co.viewer, card)).toMatchObject({ accountMissing: true });
    expect(await getJournalLink(h.deps.db, h.co.viewer, linked.get("Checking")!)).toMatchObject({ accountMissing: false });
    await h.server.control("transactions", { institution: "Sandbox Bank", account: "Card", date: today(), amount: "-3.00", description: "Not shared", status: "posted" });
    const fetched = await fetchConnection(h.deps, h.co.accountant, connectionId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    expect(await lineCounts(h.deps.db, card)).toEqual(cardLines);
    expect(await refusalOf(linkAccountJournal(h.deps, h.co.accountant, detail.accounts[0]!.id, linked.get("Checking")!))).toMatch(/no longer shares this account/);

    expect(await updateCredentials(connectionId)).toMatchObject({ status: "succeeded", imported: 1 });
    const again = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000);
    expect(again.accounts.find((a) => a.name === "Card")).toMatchObject({ missing: false, journalId: card });
    expect(await lineCounts(h.deps.db, card)).toEqual({ n: cardLines.n + 1, distinct: cardLines.distinct + 1 });
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });

  it("Delete revokes the consent at GoCardless and keeps the journals and their lines, no longer synchronized", async () => {
    const { connectionId, runId, journals: linked } = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    await waitForRun(h.deps.db, runId);
    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(await getObject(h.deps.db, "gocardless", "requisition", connection!.externalRef)).not.toBeNull();
    const lines = await lineCounts(h.deps.db, linked.get("Checking")!);

    expect(await deleteConnection(h.deps, h.co.accountant, connectionId)).toEqual({ status: "deleted" });
    expect(await getObject(h.deps.db, "gocardless", "requisition", connection!.externalRef)).toBeNull();
    expect(await h.deps.db.select().from(connections).where(eq(connections.id, connectionId))).toHaveLength(0);
    expect(await h.deps.db.select().from(journals).where(eq(journals.id, linked.get("Checking")!))).toHaveLength(1);
    expect(await lineCounts(h.deps.db, linked.get("Checking")!)).toEqual(lines);
    expect(await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, linked.get("Checking")!))).toHaveLength(0);
  });

  it("Sandbox Sticky Bank: the consent is revoked but Salt Edge keeps its record; after remove-at-provider, Delete succeeds", async () => {
    const { connectionId, runId, journals: linked } = await h.connectAll(h.co.accountant, "sandbox-sticky-bank", "saltedge");
    await waitForRun(h.deps.db, runId);
    const message =
      "The consent has been revoked, but Salt Edge keeps its own record of this connection. Remove it in your Salt Edge account, then delete it here again.";
    const outcome = await deleteConnection(h.deps, h.co.accountant, connectionId);
    expect(outcome.status === "kept" && say(outcome.message)).toBe(message);
    expect(outcome.status === "kept" && say(outcome.message, "ko")).toBe(
      "동의는 취소되었지만 Salt Edge에 이 연결의 기록이 남아 있습니다. Salt Edge 계정에서 기록을 삭제한 후 여기에서 다시 삭제하세요.",
    );
    const [kept] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(kept).toMatchObject({ state: "disconnected" });
    expect(sayStored(kept!.lastErrorMessage!)).toBe(message);
    expect(await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, linked.get("Current Account")!))).toHaveLength(0);
    await expect(fetchConnection(h.deps, h.co.accountant, connectionId)).rejects.toThrow(/disconnected/);

    // Still kept at Salt Edge: deleting again says so again.
    expect(await deleteConnection(h.deps, h.co.accountant, connectionId)).toMatchObject({ status: "kept" });
    expect(await h.server.control("remove-at-provider", { institution: "Sandbox Sticky Bank" })).toBeTruthy();
    expect(await deleteConnection(h.deps, h.co.accountant, connectionId)).toEqual({ status: "deleted" });
    expect(await h.deps.db.select().from(connections).where(eq(connections.id, connectionId))).toHaveLength(0);
    expect(await lineCounts(h.deps.db, linked.get("Current Account")!)).toMatchObject({ n: 401 });
  });

  it("relinks an account to another journal of its currency, or to none, and refuses what would break one bank account, one journal", async () => {
    const { connectionId, runId, journals: linked } = await h.connectAll(h.co.accountant, "sandbox-bank", "enablebanking");
    await waitForRun(h.deps.db, runId);
    const detail = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000);
    const savings = detail.accounts.find((a) => a.name === "Savings")!;
    const card = detail.accounts.find((a) => a.name === "Card")!;
    const [spare] = await h.deps.db.insert(journals).values({ companyId: h.co.companyId, name: "Spare EUR", currency: "EUR" }).returning();
    const [dollars] = await h.deps.db.insert(journals).values({ companyId: h.co.companyId, name: "Spare USD", currency: "USD" }).returning();

    const choices = (await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000)).accounts.find((a) => a.name === "Savings")!.journalChoices;
    expect(choices.map((c) => c.name)).toContain("Spare EUR");
    expect(choices.map((c) => c.name)).not.toContain("Spare USD");
    expect(choices.map((c) => c.name)).not.toContain("Checking");

    expect(await refusalOf(linkAccountJournal(h.deps, h.co.accountant, savings.id, dollars!.id))).toBe("Journal “Spare USD” is in USD; this account is in EUR.");
    expect(await refusalOf(linkAccountJournal(h.deps, h.co.accountant, savings.id, linked.get("Checking")!))).toMatch(/already synchronized with another bank account/);

    expect(await linkAccountJournal(h.deps, h.co.accountant, savings.id, spare!.id)).toEqual({ changed: true });
    expect(await linkAccountJournal(h.deps, h.co.accountant, card.id, null)).toEqual({ changed: true });
    const fetched = await fetchConnection(h.deps, h.co.accountant, connectionId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    // The spare journal was empty: the account starts afresh there, with everything the provider holds.
    expect((await lineCounts(h.deps.db, spare!.id)).distinct).toBe(400);
    const after = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, new Date(), 30_000);
    expect(after.accounts.find((a) => a.name === "Card")).toMatchObject({ journalId: null, journalName: null });
    expect(after.accounts.find((a) => a.name === "Savings")).toMatchObject({ journalName: "Spare EUR" });
    const log = await listConnectionLog(h.deps.db, h.co.accountant, connectionId);
    expect(log.entries.map((e) => sayStored(e.content))).toEqual(expect.arrayContaining(["Account “Savings” now feeds journal “Spare EUR”.", "Account “Card” is no longer synchronized."]));
    expect(log.entries.map((e) => sayStored(e.content, "ko"))).toContain("계좌 “Savings”의 거래가 이제 분개장 “Spare EUR”에 반영됩니다.");
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });

  it("resets a fetch stuck in progress only when no worker holds it", async () => {
    const { connectionId, runId } = await h.connectAll(h.co.accountant, "sandbox-90-day-bank", "gocardless");
    await waitForRun(h.deps.db, runId);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const now = new Date();
    // A worker holds it: a running run with a fresh heartbeat.
    const [held] = await h.deps.db
      .insert(syncRuns)
      .values({ companyId: h.co.companyId, connectionId, trigger: "manual", status: "running", startedAt: now, heartbeatAt: now })
      .returning();
    await h.deps.db.update(onlineAccounts).set({ fetchingStatus: "processing" }).where(eq(onlineAccounts.id, account!.id));
    const live = await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, now, 30_000);
    expect(live.activeRun).toMatchObject({ held: true });
    expect(live.accounts[0]!.stuck).toBe(false);
    const heldDeps = { ...h.deps, heartbeatMs: 10_000 };
    expect(await refusalOf(resetAccountFetch(heldDeps, h.co.accountant, account!.id))).toMatch(/right now/);

    // Its worker died: the heartbeat is old.
    await h.deps.db.update(syncRuns).set({ heartbeatAt: new Date(now.getTime() - 120_000) }).where(eq(syncRuns.id, held!.id));
    expect((await getConnectionDetail(h.deps.db, h.co.accountant, connectionId, now, 30_000)).accounts[0]!.stuck).toBe(true);
    expect(await resetAccountFetch(heldDeps, h.co.accountant, account!.id)).toEqual({ changed: true });
    const [closed] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, held!.id));
    expect(closed).toMatchObject({ status: "failed" });
    expect(sayStored(closed!.errorMessage!)).toBe("Reset by the user: no worker was running this synchronization.");
    const [idle] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.id, account!.id));
    expect(idle!.fetchingStatus).toBe("idle");
    expect(await resetAccountFetch(heldDeps, h.co.accountant, account!.id)).toEqual({ changed: false });
    const fetched = await fetchConnection(h.deps, h.co.accountant, connectionId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "succeeded" });
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });

  it("lists connections problems first, and pages the log newest first", async () => {
    const first = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    const second = await h.connectAll(h.co.accountant, "sandbox-expiring-bank", "gocardless");
    await waitForRun(h.deps.db, first.runId);
    await waitForRun(h.deps.db, second.runId);
    await h.deps.db.update(connections).set({ state: "action_required" }).where(eq(connections.id, second.connectionId));
    const rows = await listConnections(h.deps.db, h.co.viewer);
    expect(rows.map((r) => [r.institutionName, r.state, r.accounts])).toEqual([
      ["Sandbox Expiring Bank", "action_required", 1],
      ["Sandbox Bank", "connected", 3],
    ]);
    expect(rows[0]!.nextRefreshAt).toBeNull();
    expect(rows[1]!.nextRefreshAt).not.toBeNull();
    expect((await listConnections(h.deps.db, h.co.viewer, { state: "connected" })).map((r) => r.id)).toEqual([first.connectionId]);
    expect((await listConnections(h.deps.db, h.co.viewer, { sort: "institution" })).map((r) => r.institutionName)).toEqual(["Sandbox Bank", "Sandbox Expiring Bank"]);

    for (let i = 0; i < 25; i++) {
      await h.deps.db.execute(sql`insert into connection_messages (company_id, connection_id, text, created_at) values (${h.co.companyId}, ${first.connectionId}, ${`entry ${i}`}, clock_timestamp())`);
    }
    const page1 = await listConnectionLog(h.deps.db, h.co.accountant, first.connectionId);
    expect(page1).toMatchObject({ page: 1, pageCount: 2 });
    expect(page1.entries).toHaveLength(20);
    expect(sayStored(page1.entries[0]!.content)).toBe("entry 24");
    const page2 = await listConnectionLog(h.deps.db, h.co.accountant, first.connectionId, 2);
    expect(sayStored(page2.entries.at(-1)!.content)).toMatch(/^Connected to Sandbox Bank/);
    for (const c of [first, second]) await deleteConnection(h.deps, h.co.accountant, c.connectionId);
  });

  it("shows viewers nothing to change, and other companies nothing at all", async () => {
    const { connectionId, runId } = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    await waitForRun(h.deps.db, runId);
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const { companyWithUsers } = await import("@/test/fixtures");
    const other = await companyWithUsers(h.deps.db, "Other Co");
    const actions = (actor: typeof h.co.viewer) => [
      () => deleteConnection(h.deps, actor, connectionId),
      () => fetchConnection(h.deps, actor, connectionId),
      () => linkAccountJournal(h.deps, actor, account!.id, null),
      () => resetAccountFetch(h.deps, actor, account!.id),
      () => startReconnection(h.deps, actor, { connectionId, appOrigin: APP_ORIGIN, language: "en" }),
    ];
    for (const action of actions(h.co.viewer)) await expect(action()).rejects.toThrow("Viewers can read but not change anything.");
    for (const action of actions(other.admin)) await expect(action()).rejects.toThrow(/not found/);
    await expect(getConnectionDetail(h.deps.db, other.admin, connectionId, new Date(), 30_000)).rejects.toThrow(/not found/);
    await expect(listConnectionLog(h.deps.db, other.admin, connectionId)).rejects.toThrow(/not found/);
    expect(await listConnections(h.deps.db, other.admin)).toEqual([]);
    expect(await h.deps.db.select().from(connections).where(eq(connections.id, connectionId))).toHaveLength(1);
    await deleteConnection(h.deps, h.co.accountant, connectionId);
  });
});
