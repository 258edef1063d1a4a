import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, onlineAccounts, statementLines, syncRuns } from "@/db/schema";
import { APP_ORIGIN, startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { completeHostedConsent } from "@/test/hosted-consent";
import { fetchJournal } from "../sync/requests";
import { startReconnection } from "./reconnect";
import { waitForRun } from "@/test/runs";

describe.each(drivers)("reconnecting on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  it("a fetch at Sandbox MFA Bank needs the code: the consent pages take it, then the synchronization goes on, nothing twice", async () => {
    const { connectionId, runId, journals } = await h.connectAll(h.co.accountant, "sandbox-mfa-bank", "saltedge");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded", imported: 400 });
    const journalId = journals.get("Current Account")!;
    await h.server.control("transactions", { institution: "Sandbox MFA Bank", account: "Current Account", date: new Date().toISOString().slice(0, 10), amount: "15.00", description: "Refund", status: "posted" });

    const fetched = await fetchJournal(h.deps, h.co.accountant, journalId);
    expect(await waitForRun(h.deps.db, fetched.runId)).toMatchObject({ status: "failed" });
    const [blocked] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(blocked!.state).toBe("action_required");

    const started = await startReconnection(h.deps, h.co.accountant, { connectionId, appOrigin: APP_ORIGIN, language: "en" });
    if (!started.ok) throw new Error(started.failure.message.key);
    await expect(completeHostedConsent(started.url, { code: "000000" })).rejects.toThrow(/verification code/i);
    const back = await completeHostedConsent(started.url, { code: "123456" });
    expect(await h.callback("saltedge", back.searchParams, h.co.accountant.userId)).toEqual({ outcome: "authorized", attemptId: started.attemptId });

    const [renewed] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(renewed).toMatchObject({ state: "connected", lastErrorMessage: null });
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    expect(account!.journalId).toBe(journalId);
    const [update] = await h.deps.db.select().from(syncRuns).where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.trigger, "update")));
    expect(await waitForRun(h.deps.db, update!.id)).toMatchObject({ status: "succeeded", imported: 1 });
    const [{ n, distinct }] = (await h.deps.db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${statementLines.onlineTransactionId})::int` })
      .from(statementLines)
      .where(eq(statementLines.journalId, journalId))) as [{ n: number; distinct: number }];
    expect(n).toBe(402);
    expect(distinct).toBe(401);
    expect(await h.deps.db.select().from(connections)).toHaveLength(1);
  });
});
