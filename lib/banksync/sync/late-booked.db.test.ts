import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, onlineAccounts, statementLines } from "@/db/schema";
import { appClock } from "@/lib/clock";
import { decryptJson } from "@/lib/crypto";
import { addDays, isoDate } from "@/lib/dates";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { waitForRun } from "@/test/runs";
import type { ConnectionSecret } from "../providers/types";
import { fetchJournal } from "./requests";

/**
 * Salt Edge is read whole at every synchronization, not from the last transaction id known
 * (`from_id`): PROVIDERS.md and SANDBOX.md promise no order in which a late-booked transaction would
 * come after the ones known, and the sandbox lists by booking date. A line booked late, dated before
 * the newest one already imported, must still arrive.
 */
describe.each(drivers)("a transaction booked late at Salt Edge on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  it("is imported by the next synchronization, though Salt Edge lists it before the newest id known", async () => {
    const co = await companyWithUsers(h.deps.db, "Late Co");
    const { runId, journals, connectionId } = await h.connectAll(co.accountant, "sandbox-bank", "saltedge");
    expect(await waitForRun(h.deps.db, runId)).toMatchObject({ status: "succeeded" });
    const checking = journals.get("Checking")!;

    const date = addDays(isoDate(appClock.now()), -3);
    const { ids } = (await h.server.control("transactions", { institution: "Sandbox Bank", account: "Checking", date, amount: "-42.00", description: "Booked late", status: "posted" })) as {
      ids: Record<string, string>;
    };
    // Where Salt Edge lists it: before the newest transaction the journal already holds.
    const [account] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, checking));
    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    const secret = decryptJson(connection!.secret, connection!.id, h.deps.appSecret) as ConnectionSecret;
    const listed: string[] = [];
    const input = { accountExternalId: account!.externalId, from: date, to: date, cursor: null, includePending: false, background: false, justAuthorized: true };
    for await (const page of h.deps.adapters.saltedge!.fetchTransactions(secret, input)) {
      listed.push(...page.transactions.map((t) => t.externalId));
    }
    const newestKnown = `${account!.externalId}-${addDays(isoDate(appClock.now()), -1).replaceAll("-", "")}-1`;
    expect(listed.indexOf(ids.saltedge!)).toBeLessThan(listed.indexOf(newestKnown));

    expect(await waitForRun(h.deps.db, (await fetchJournal(h.deps, co.accountant, checking)).runId)).toMatchObject({ status: "succeeded", imported: 1 });
    const late = await h.deps.db.select().from(statementLines).where(and(eq(statementLines.journalId, checking), eq(statementLines.onlineTransactionId, ids.saltedge!)));
    expect(late.map((l) => [l.date, l.amountMinor, l.label])).toEqual([[date, -4200n, "Booked late"]]);
  });
});
