import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { isNotNull, sql } from "drizzle-orm";
import { openPglite, resultRows } from "@/db/client";
import { onlineAccounts, syncRuns } from "@/db/schema";
import { accountByName, institutionByName, providerIdFor } from "@/lib/sandbox/world";
import { startNextServer, type NextServer } from "@/test/next-server";
import { bankAccount, journalLines } from "@/test/worker-journals";
import { authorizedAccounts, connectBank, consent, journalCard, openAddBankAccount, signIn, waitForCatalog } from "./helpers";

// Its own server, on its own folder and port, from the same production build as the other specs: the
// embedded default (PGlite, workers in the web process) killed with SIGKILL in the middle of the
// initial synchronization, then started again on the same folder.
const port = Number(process.env.E2E_RESTART_PORT ?? 3200);
const origin = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(".data-e2e-restart");
const owner = { email: "restart@example.com", password: "restart password 1" };
const env = {
  BANKSYNC_DATA_DIR: dataDir,
  BANKSYNC_MODE: "sandbox",
  DATABASE_URL: "",
  ADMIN_EMAIL: owner.email,
  ADMIN_PASSWORD: owner.password,
  // Three missed beats (1.5 s) and a killed process's run is held by no one.
  SYNC_HEARTBEAT_MS: "500",
  LOG_LEVEL: "warn",
};

let server: NextServer | undefined;

test.afterAll(async () => {
  await server?.kill("SIGTERM");
});

async function control(call: string, body: unknown) {
  const response = await fetch(`${origin}/sandbox/control/${call}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(response.ok, `${call}: ${await response.clone().text()}`).toBe(true);
}

test("the web process killed in the middle of a synchronization: after a restart the job runs again and the journals end exactly right", async ({ browser }) => {
  test.setTimeout(240_000);
  rmSync(dataDir, { recursive: true, force: true });
  server = await startNextServer(port, env);
  const page = await (await browser.newContext({ baseURL: origin })).newPage();
  await signIn(page, owner);
  await waitForCatalog(page);

  // Checking grows to thousands of transactions, 100 a page through Enable Banking, each call slowed:
  // the first synchronization lasts seconds, long enough to be killed in the middle.
  await control("bulk-transactions", { institution: "Sandbox Bank", account: "Checking", count: 3_000 });
  await control("latency", { provider: "enablebanking", ms: 200 });
  const dialog = await openAddBankAccount(page);
  await consent(await connectBank(page, dialog, "Sandbox Bank", "Enable Banking"));
  const accounts = await authorizedAccounts(dialog);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();

  const checking = journalCard(page, accounts.find((a) => a.name === "Checking")!.number);
  // Counts are written as the locale writes numbers: "1,200 transactions received".
  const received = async () => Number((await checking.getByTestId("journal-sync-status").innerText()).match(/^Fetching… ([\d,]+) transactions? received/)?.[1]?.replaceAll(",", "") ?? 0);
  await expect.poll(received, { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(300);
  expect(await server.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  const killedAt = Date.now();

  server = await startNextServer(port, env);
  await page.reload();
  await expect(checking.getByTestId("journal-sync-status")).toHaveText(/^[\d,]+ transactions fetched$/, { timeout: 90_000 });
  test.info().annotations.push({ type: "resumed", description: `${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill, restart included` });
  expect(await server.kill("SIGTERM")).toMatchObject({ signal: null });
  server = undefined;

  // The folder the server left: every posted transaction of the bank once in its journal, one opening
  // balance line each, and the one run, resumed, succeeded.
  const database = openPglite(path.join(dataDir, "pglite"));
  try {
    const { db } = database;
    const linked = await db
      .select({ name: onlineAccounts.name, journalId: onlineAccounts.journalId, externalId: onlineAccounts.externalId })
      .from(onlineAccounts)
      .where(isNotNull(onlineAccounts.journalId));
    expect(linked.map((a) => a.name).sort()).toEqual(["Card", "Checking", "Savings"]);
    const bank = institutionByName("Sandbox Bank")!;
    for (const account of linked) {
      const journal = { name: account.name, journalId: account.journalId!, externalId: account.externalId, bankId: providerIdFor("enablebanking", accountByName(bank, account.name)!.key) };
      const expected = await bankAccount(db, "Sandbox Bank", journal);
      const lines = await journalLines(db, journal.journalId);
      expect(lines.onlineIds.length, account.name).toBe(expected.postedIds.length);
      expect(new Set(lines.onlineIds), account.name).toEqual(new Set(expected.postedIds));
      expect(lines.openingBalances, account.name).toBe(1);
      expect(lines.balanceMinor, account.name).toBe(expected.balanceMinor);
    }
    expect(await db.select({ trigger: syncRuns.trigger, status: syncRuns.status }).from(syncRuns)).toEqual([{ trigger: "initial", status: "succeeded" }]);
    // pg-boss ran its job again: the killed attempt's heartbeat stopped, and the retry finished the run.
    const jobs = resultRows<{ state: string; retries: number }>(await db.execute(sql`select state, retry_count as retries from pgboss.job where name = 'sync-connection-enablebanking'`));
    expect(jobs).toEqual([{ state: "completed", retries: 1 }]);
  } finally {
    await database.close();
  }
});
