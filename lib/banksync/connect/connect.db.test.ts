import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankAccounts, connectionAttempts, connections, journals, onlineAccounts, syncRuns } from "@/db/schema";
import { decryptJson } from "@/lib/crypto";
import { fixedClock } from "@/lib/clock";
import { syncQueueName } from "@/lib/jobs/sync-queue";
import { APP_ORIGIN, startConnectHarness, TEST_SECRET, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { ForbiddenError } from "../errors";
import { getConnectionAttempt } from "./attempt";
import { say } from "@/test/i18n";
import { noAccountsMessage } from "./failure";
import { synchronizeAccounts } from "./link";

describe.each(drivers)("connecting a bank on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
  });
  afterAll(() => h?.close());

  const count = async (table: typeof connections | typeof onlineAccounts | typeof journals) =>
    (await h.deps.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

  it("gives the same three accounts of Sandbox Bank through each of its three providers", async () => {
    const seen = [];
    for (const provider of ["gocardless", "saltedge", "enablebanking"] as const) {
      const { attemptId, callback } = await h.consent(h.co.accountant, "sandbox-bank", provider);
      expect(callback.origin + callback.pathname).toBe(`${APP_ORIGIN}/api/banksync/callback/${provider}`);
      expect(await h.callback(provider, callback.searchParams, h.co.accountant.userId)).toEqual({ outcome: "authorized", attemptId });
      const view = await getConnectionAttempt(h.deps.db, h.co.accountant, attemptId);
      expect(view.status).toBe("authorized");
      seen.push(view.accounts.map((a) => ({ name: a.name, number: a.accountNumber, currency: a.currency })).sort((a, b) => a.name.localeCompare(b.name)));
    }
    expect(seen[0]!.map((a) => [a.name, a.currency])).toEqual([
      ["Card", "USD"],
      ["Checking", "EUR"],
      ["Savings", "EUR"],
    ]);
    expect(seen[0]!.every((a) => a.number)).toBe(true);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it("maps the accounts to new journals, links them and queues the initial synchronization", async () => {
    const { attemptId, callback } = await h.consent(h.co.admin, "sandbox-us-bank", "plaid");
    await h.callback("plaid", callback.searchParams, h.co.admin.userId);
    const view = await getConnectionAttempt(h.deps.db, h.co.admin, attemptId);
    expect(view.accounts.map((a) => [a.name, a.currency, a.mapping.proposed])).toEqual([
      ["Plaid Checking", "USD", "new"],
      ["Plaid Credit Card", "USD", "new"],
    ]);
    const result = await synchronizeAccounts(h.deps, h.co.admin, attemptId, view.accounts.map((a) => ({ accountId: a.id, target: "new" })));

    const linked = await h.deps.db
      .select({ name: journals.name, currency: journals.currency, number: bankAccounts.accountNumber, account: onlineAccounts.accountNumber, status: onlineAccounts.fetchingStatus })
      .from(onlineAccounts)
      .innerJoin(journals, eq(journals.id, onlineAccounts.journalId))
      .leftJoin(bankAccounts, eq(bankAccounts.id, journals.bankAccountId))
      .where(eq(onlineAccounts.connectionId, result.connectionId));
    expect(linked).toHaveLength(2);
    for (const row of linked) {
      expect(row.currency).toBe("USD");
      expect(row.number).toBe(row.account);
      expect(row.status).toBe("waiting");
    }

    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.id, result.connectionId));
    expect(connection).toMatchObject({ provider: "plaid", state: "connected", companyId: h.co.companyId });
    expect(connection!.nextRefreshAt).not.toBeNull();
    const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, result.runId));
    expect(run).toMatchObject({ trigger: "initial", status: "queued", connectionId: result.connectionId });
    const job = await h.boss.getJobById(syncQueueName("plaid"), run!.jobId!);
    expect(job).toMatchObject({ state: "created", data: { runId: result.runId, connectionId: result.connectionId } });

    await expect(synchronizeAccounts(h.deps, h.co.admin, attemptId, [])).rejects.toMatchObject({ fieldErrors: { accounts: [{ key: "AccountSelection.errors.alreadyDone" }] } });
  });

  it("keeps Plaid's access token out of every table in plain text", async () => {
    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.provider, "plaid"));
    const secret = decryptJson(connection!.secret, connection!.id, TEST_SECRET) as Record<string, string>;
    expect(secret.accessToken).toMatch(/^access-/);
    const tables = (await h.deps.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'sandbox_%'`,
    )) as unknown;
    const names = (Array.isArray(tables) ? tables : (tables as { rows: { table_name: string }[] }).rows).map((r: { table_name: string }) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(["connections", "connection_attempts", "online_accounts", "sync_runs", "connection_messages"]));
    for (const name of names) {
      const dump = await h.deps.db.execute(sql.raw(`select coalesce(json_agg(t)::text, '') as dump from "${name}" t`));
      const text = JSON.stringify(dump);
      expect(text, name).not.toContain(secret.accessToken);
    }
    const jobs = await h.deps.db.execute(sql.raw(`select coalesce(json_agg(j)::text, '') as dump from pgboss.job j`));
    expect(JSON.stringify(jobs)).not.toContain(secret.accessToken);
  });

  it("proposes the journal the user started from, and the journal holding the account's number first", async () => {
    const [journal] = await h.deps.db.insert(journals).values({ companyId: h.co.companyId, name: "My 90-day journal", currency: "EUR" }).returning();
    const { attemptId, callback } = await h.consent(h.co.accountant, "sandbox-90-day-bank", "gocardless", { journalId: journal!.id });
    await h.callback("gocardless", callback.searchParams, h.co.accountant.userId);
    const view = await getConnectionAttempt(h.deps.db, h.co.accountant, attemptId);
    expect(view.accounts.map((a) => a.mapping.proposed)).toEqual([journal!.id]);
    await synchronizeAccounts(h.deps, h.co.accountant, attemptId, [{ accountId: view.accounts[0]!.id, target: journal!.id }]);
    const [linked] = await h.deps.db.select().from(onlineAccounts).where(eq(onlineAccounts.journalId, journal!.id));
    expect(linked?.name).toBe("Current Account");
  });

  it("refuses a tampered state, an expired one, a reused one and another user's, writing nothing", async () => {
    const before = { connections: await count(connections), accounts: await count(onlineAccounts) };
    const { attemptId, callback } = await h.consent(h.co.accountant, "sandbox-expiring-bank", "gocardless");
    const query = callback.searchParams;
    const state = query.get("ref")!;

    const tampered = new URLSearchParams(query);
    const flipAt = state.indexOf(".") + 5;
    tampered.set("ref", `${state.slice(0, flipAt)}${state[flipAt] === "A" ? "B" : "A"}${state.slice(flipAt + 1)}`);
    expect(await h.callback("gocardless", tampered, h.co.accountant.userId)).toEqual({ outcome: "refused", reason: "invalid" });

    const later = fixedClock(new Date(Date.now() + 31 * 60 * 1000));
    expect(await h.callback("gocardless", query, h.co.accountant.userId, later)).toEqual({ outcome: "refused", reason: "expired" });
    expect(await h.callback("gocardless", query, h.co.admin.userId)).toEqual({ outcome: "refused", reason: "other_user" });
    expect(await h.callback("gocardless", query, null)).toEqual({ outcome: "refused", reason: "signed_out" });
    expect(await h.callback("plaid", query, h.co.accountant.userId)).toEqual({ outcome: "refused", reason: "invalid" });
    expect({ connections: await count(connections), accounts: await count(onlineAccounts) }).toEqual(before);
    const [untouched] = await h.deps.db.select().from(connectionAttempts).where(eq(connectionAttempts.id, attemptId));
    expect(untouched).toMatchObject({ status: "pending", usedAt: null });

    expect(await h.callback("gocardless", query, h.co.accountant.userId)).toEqual({ outcome: "authorized", attemptId });
    const after = await count(connections);
    expect(await h.callback("gocardless", query, h.co.accountant.userId)).toEqual({ outcome: "refused", reason: "used" });
    expect(await count(connections)).toBe(after);
  });

  it("records a cancellation at the provider as a failed attempt with a reference", async () => {
    for (const [key, provider] of [
      ["sandbox-bank", "gocardless"],
      ["sandbox-bank", "saltedge"],
      ["sandbox-bank", "enablebanking"],
      ["sandbox-us-bank", "plaid"],
    ] as const) {
      const { attemptId, callback } = await h.consent(h.co.accountant, key, provider, { cancelAt: "login" });
      const result = await h.callback(provider, callback.searchParams, h.co.accountant.userId);
      expect(result, provider).toMatchObject({ outcome: "failed", failure: { kind: "cancelled", reference: expect.stringMatching(/^BS-[0-9A-Z]{8}$/) } });
      const view = await getConnectionAttempt(h.deps.db, h.co.accountant, attemptId);
      // Stored as a Message, said in the reader's language when shown.
      expect(say(view.failure!.message), provider).toMatch(/^The connection was cancelled at /);
      expect(say(view.failure!.message, "ko"), provider).toContain("연결이 취소되었습니다");
    }
  });

  it("says so when no account was authorized", async () => {
    const { attemptId, callback } = await h.consent(h.co.accountant, "sandbox-beta-bank", "enablebanking", { accounts: [] });
    const result = await h.callback("enablebanking", callback.searchParams, h.co.accountant.userId);
    expect(result).toMatchObject({ outcome: "failed", failure: { kind: "no_accounts", message: noAccountsMessage } });
    expect((await getConnectionAttempt(h.deps.db, h.co.accountant, attemptId)).status).toBe("failed");
  });

  it("refuses a second connection to Sandbox Linked Bank and points to the existing one", async () => {
    const first = await h.consent(h.co.accountant, "sandbox-linked-bank", "saltedge");
    expect(await h.callback("saltedge", first.callback.searchParams, h.co.accountant.userId)).toMatchObject({ outcome: "authorized" });
    const firstView = await getConnectionAttempt(h.deps.db, h.co.accountant, first.attemptId);

    const second = await h.consent(h.co.accountant, "sandbox-linked-bank", "saltedge");
    const result = await h.callback("saltedge", second.callback.searchParams, h.co.accountant.userId);
    expect(result).toMatchObject({ outcome: "failed", failure: { kind: "already_exists" } });
    const view = await getConnectionAttempt(h.deps.db, h.co.accountant, second.attemptId);
    expect(say(view.failure!.message)).toBe("This account has already been synchronized with Salt Edge.");
    expect(view.existingConnectionId).toBe(firstView.connectionId);
  });

  it("lets no viewer start a connection, and shows an attempt only to the user who started it", async () => {
    await expect(h.consent(h.co.viewer, "sandbox-bank", "gocardless")).rejects.toThrow(ForbiddenError);
    const { attemptId } = await h.consent(h.co.accountant, "sandbox-bank", "gocardless", { cancelAt: "login" });
    await expect(getConnectionAttempt(h.deps.db, h.co.admin, attemptId)).rejects.toThrow("not found");
  });
});
