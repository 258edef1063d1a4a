import { expect, test } from "@playwright/test";
import {
  authorizedAccounts,
  clearLockEverything,
  connectBank as connect,
  consent,
  expectFetchedThen,
  journalCard as card,
  openAddBankAccount,
  recordSyncStatuses,
  signIn,
  waitForCatalog,
} from "./helpers";

// Runs after foundation.spec.ts on the same server (company in BE, EUR). Each story builds on the
// previous ones: Sandbox Bank's accounts are synchronized by the first, which later ones rely on. The
// workers run in the web process: each first synchronization starts right after "Synchronize".
test.describe.configure({ mode: "serial" });

let sandboxBankAccounts: { name: string; number: string; currency: string }[] = [];
let sandboxMfaAccountNumber = "";

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await waitForCatalog(page);
});

test("GoCardless: Sandbox Bank's three accounts become three journals, each fetching its 400 days", async ({ page }) => {
  test.setTimeout(180_000);
  // foundation.spec.ts locked everything up to 2025-12-31: open every period, so all 400 days come in.
  await clearLockEverything(page);
  await page.goto("/");
  const dialog = await openAddBankAccount(page);
  const popup = await connect(page, dialog, "Sandbox Bank", "GoCardless");
  await expect(dialog.getByText("Continue in the pop-up window")).toBeVisible();
  await consent(popup);
  await popup.waitForEvent("close");

  sandboxBankAccounts = await authorizedAccounts(dialog);
  expect(sandboxBankAccounts.map((a) => [a.name, a.currency])).toEqual([
    ["Card", "USD"],
    ["Checking", "EUR"],
    ["Savings", "EUR"],
  ]);
  for (const account of sandboxBankAccounts) expect(account.number).toMatch(/^BE\d\d/);
  for (const select of await dialog.getByTestId("authorized-account").getByRole("combobox").all()) await expect(select).toHaveValue("new");
  await recordSyncStatuses(page);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();

  for (const account of sandboxBankAccounts) {
    const journal = card(page, account.number);
    await expect(journal.getByRole("heading", { name: account.name })).toBeVisible();
    await expect(journal.getByTestId("journal-bank")).toContainText("Sandbox Bank via GoCardless");
    // One posted transaction a day for 400 days, all within the 730-day limit; the opening balance line is not counted.
    await expectFetchedThen(journal, "400 transactions fetched", 120_000);
    await expect(journal.getByTestId("journal-balance")).toContainText(account.currency === "USD" ? "$" : "€");
    await expect(journal.getByTestId("journal-next-sync")).toContainText("Next synchronization: ");
    await expect(journal.getByTestId("journal-last-sync")).toContainText("Last synchronization: ");
    await expect(journal.getByRole("button", { name: "Fetch Transactions" })).toBeEnabled();
  }

  // "400 transactions fetched" leads to the journal's lines: the 400 transactions and the opening balance.
  const checking = card(page, sandboxBankAccounts.find((a) => a.name === "Checking")!.number);
  await checking.getByRole("link", { name: "400 transactions fetched" }).click();
  await expect(page).toHaveURL(/\/journals\/[0-9a-f-]{36}\/reconciliation$/);
  await expect(page.getByRole("heading", { name: "Checking", level: 1 })).toBeVisible();
  await expect(page.getByText("401 statement lines")).toBeVisible();
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(/(Card payment|Salary) \d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole("table")).not.toContainText("Pending");
});

for (const provider of ["Salt Edge", "Enable Banking"]) {
  test(`${provider}: Sandbox Bank gives the same three accounts, already synchronized`, async ({ page }) => {
    expect(sandboxBankAccounts).toHaveLength(3);
    const dialog = await openAddBankAccount(page);
    const popup = await connect(page, dialog, "Sandbox Bank", provider);
    await consent(popup);
    expect(await authorizedAccounts(dialog)).toEqual(sandboxBankAccounts);
    for (const row of await dialog.getByTestId("authorized-account").all()) {
      await expect(row.getByText(/^Already synchronized in journal “(Card|Checking|Savings)”\.$/)).toBeVisible();
      await expect(row.getByRole("combobox")).toHaveValue("skip");
    }
    await dialog.getByRole("button", { name: "Synchronize" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Choose a journal for at least one account, or close this window to decide later.");
  });
}

test("Salt Edge: Sandbox MFA Bank asks for a code, refuses a wrong one, accepts the right one", async ({ page }) => {
  const dialog = await openAddBankAccount(page);
  const popup = await connect(page, dialog, "Sandbox MFA Bank", "Salt Edge");
  await consent(popup, { code: ["000000", "123456"] });
  const [account] = await authorizedAccounts(dialog);
  expect(account).toMatchObject({ name: "Current Account", currency: "EUR" });
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  const journal = card(page, account!.number);
  await expect(journal.getByTestId("journal-bank")).toContainText("Sandbox MFA Bank via Salt Edge");
  // The user is present at the first synchronization: the bank's code is not asked again.
  await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
  sandboxMfaAccountNumber = account!.number;
});

test("Enable Banking: Sandbox Beta Bank becomes a journal", async ({ page }) => {
  const dialog = await openAddBankAccount(page);
  const popup = await connect(page, dialog, "Sandbox Beta Bank", "Enable Banking");
  await consent(popup);
  const [account] = await authorizedAccounts(dialog);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  await expect(card(page, account!.number).getByTestId("journal-bank")).toContainText("Sandbox Beta Bank via Enable Banking");
});

test("Plaid: Sandbox US Bank's two accounts become journals in USD", async ({ page }) => {
  const dialog = await openAddBankAccount(page);
  const popup = await connect(page, dialog, "Sandbox US Bank", "Plaid", "US");
  await consent(popup);
  const accounts = await authorizedAccounts(dialog);
  expect(accounts.map((a) => [a.name, a.currency])).toEqual([
    ["Plaid Checking", "USD"],
    ["Plaid Credit Card", "USD"],
  ]);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  for (const account of accounts) {
    const journal = card(page, account.number);
    await expect(journal.getByRole("heading", { name: account.name })).toBeVisible();
    await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
  }
});

test("cancelling at the provider says so, and nothing is connected", async ({ page }) => {
  const dialog = await openAddBankAccount(page);
  const popup = await connect(page, dialog, "Sandbox 90-Day Bank", "GoCardless");
  await consent(popup, { cancel: true });
  await expect(dialog.getByRole("alert")).toContainText("The connection was cancelled at GoCardless. Nothing was connected.");
  await expect(dialog.getByRole("alert")).toContainText(/Reference: BS-[0-9A-Z]{8}/);
});

test("Sandbox Linked Bank twice: the second is refused as already synchronized, with the two ways out", async ({ page }) => {
  let dialog = await openAddBankAccount(page);
  let popup = await connect(page, dialog, "Sandbox Linked Bank", "Salt Edge");
  await consent(popup);
  await authorizedAccounts(dialog);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();

  dialog = await openAddBankAccount(page);
  popup = await connect(page, dialog, "Sandbox Linked Bank", "Salt Edge");
  await consent(popup);
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("This account has already been synchronized with Salt Edge.");
  await expect(alert).toContainText("Update the existing connection's credentials");
  await expect(alert).toContainText("delete the existing connection there, then connect again");
  const existing = alert.getByRole("link", { name: "Online Synchronization" });
  await expect(existing).toHaveAttribute("href", /\/configuration\/online-synchronization\/[0-9a-f-]{36}\?debug=1$/);
  // The link turns developer mode on and opens the existing connection, with "Update Credentials".
  await existing.click();
  await expect(page.getByRole("heading", { name: "Sandbox Linked Bank", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Update Credentials" })).toBeVisible();
});

test("a blocked pop-up gets a message and a link to the same page", async ({ page }) => {
  await page.addInitScript(() => {
    window.open = () => null;
  });
  await page.reload();
  const dialog = await openAddBankAccount(page);
  await dialog.getByRole("combobox", { name: "Search" }).fill("Sandbox 90-Day Bank");
  await dialog.getByRole("listbox", { name: "Institutions" }).getByRole("option").first().click();
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Your browser blocked the pop-up window. Allow pop-ups for this site, then try again.");
  const link = dialog.getByRole("link", { name: "Open the bank's page" });
  await expect(link).toHaveAttribute("href", /\/sandbox\/gocardless\/hosted\//);

  // The link opens the same consent; this window goes on once the bank sends it back.
  const [tab] = await Promise.all([page.waitForEvent("popup"), link.click()]);
  await consent(tab);
  const [account] = await authorizedAccounts(dialog);
  expect(account).toMatchObject({ name: "Current Account", currency: "EUR" });
});

test("“Connect bank” on a journal card links the bank to that journal", async ({ page }) => {
  const dialog = await openAddBankAccount(page);
  await dialog.getByRole("button", { name: "Add new bank" }).click();
  await dialog.getByLabel("Account Number").fill("BE71 0961 2345 6769");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toBeHidden();
  const journal = card(page, "BE71 0961 2345 6769");
  await journal.getByRole("button", { name: "BE71 0961 2345 6769 menu" }).click();
  await page.getByRole("menuitem", { name: "Connect bank" }).click();
  const connectDialog = page.getByRole("dialog", { name: "Add a Bank Account" });
  const popup = await connect(page, connectDialog, "Sandbox Expiring Bank", "GoCardless");
  await consent(popup);
  await authorizedAccounts(connectDialog);
  await expect(connectDialog.getByTestId("authorized-account").getByRole("combobox")).toHaveValue(/^[0-9a-f-]{36}$/);
  await expect(connectDialog.getByTestId("authorized-account").getByRole("combobox").locator("option:checked")).toHaveText("BE71 0961 2345 6769");
  await connectDialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(connectDialog).toBeHidden();
  await expect(journal.getByTestId("journal-bank")).toContainText("Sandbox Expiring Bank via GoCardless");
  await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
  // Its consent lasts 3 days: within 15 days of its end the card offers to extend it.
  await expect(journal.getByTestId("journal-consent")).toContainText(/^Connected until .+\d/);
  const extend = journal.getByTestId("journal-consent").getByRole("button", { name: "Extend Connection" });
  await expect(extend).toBeVisible();
  // Extending is a new consent through the provider's pages for the same connection.
  const [renewal] = await Promise.all([page.waitForEvent("popup"), extend.click()]);
  await consent(renewal);
  await expect(page.getByRole("dialog", { name: "Reconnect Bank" })).toBeHidden({ timeout: 30_000 });
  await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
});

test("a forged state at the callback is refused with a plain message", async ({ page }) => {
  await page.goto("/api/banksync/callback/gocardless?ref=s1.forged.state&error=none");
  await expect(page).toHaveURL(/\/connect\/done\?refused=invalid$/);
  await expect(page.getByRole("heading", { name: "The connection was refused" })).toBeVisible();
  await expect(page.getByText("This connection link is not valid.")).toHaveText("This connection link is not valid. Start again from “Add a Bank Account”.");
});

test("13 hours later the scheduled synchronization cannot pass Sandbox MFA Bank's code: a red “Reconnect Bank” takes it in the pop-up, then synchronizes", async ({ page }) => {
  test.setTimeout(300_000);
  expect(sandboxMfaAccountNumber).not.toBe("");
  const journal = card(page, sandboxMfaAccountNumber);
  await expect(journal.getByRole("button", { name: "Fetch Transactions" })).toBeVisible();
  await expect(journal.getByRole("button", { name: "Reconnect Bank" })).toHaveCount(0);

  expect((await page.request.post("/sandbox/control/clock", { data: { advanceHours: 13 } })).ok()).toBe(true);
  const tick = await page.request.post("/sandbox/control/run-scheduled-sync", { timeout: 280_000 });
  expect(tick.ok()).toBe(true);
  const { runs } = (await tick.json()) as { runs: { institution: string; status: string; error?: string }[] };
  expect(runs.filter((r) => r.institution === "Sandbox MFA Bank")).toEqual([expect.objectContaining({ status: "failed" })]);

  await page.reload();
  const status = journal.getByTestId("journal-sync-status");
  await expect(status).toContainText("The bank asks you to sign in again");
  await expect(status).toContainText(/Reference: BS-[0-9A-Z]{8}/);
  const reconnect = status.getByRole("button", { name: "Reconnect Bank" });
  await expect(reconnect).toHaveClass(/bg-red-600/);
  // Scheduled runs leave it alone until the user reconnects.
  await expect(journal.getByTestId("journal-next-sync")).toHaveCount(0);

  const [popup] = await Promise.all([page.waitForEvent("popup"), reconnect.click()]);
  await consent(popup, { code: ["000000", "123456"] });
  await expect(page.getByRole("dialog", { name: "Reconnect Bank" })).toBeHidden({ timeout: 30_000 });
  await expect(status).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
  await expect(journal.getByRole("button", { name: "Reconnect Bank" })).toHaveCount(0);
  await expect(journal.getByTestId("journal-next-sync")).toHaveCount(1);
});

test("“Fetch Transactions” at Sandbox MFA Bank asks for the code in the pop-up, then fetches", async ({ page }) => {
  test.setTimeout(180_000);
  const journal = card(page, sandboxMfaAccountNumber);
  await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions? fetched$/, { timeout: 60_000 });
  // The sandbox's "today" (the clock was moved by the previous test).
  const clock = (await (await page.request.post("/sandbox/control/clock", { data: { advanceHours: 0 } })).json()) as { now: string };
  const today = clock.now.slice(0, 10);
  const added = await page.request.post("/sandbox/control/transactions", {
    data: { institution: "Sandbox MFA Bank", account: "Current Account", date: today, amount: "-3.30", description: "Coffee", status: "posted" },
  });
  expect(added.ok()).toBe(true);
  const [popup] = await Promise.all([page.waitForEvent("popup"), journal.getByRole("button", { name: "Fetch Transactions" }).click()]);
  await consent(popup, { code: ["123456"] });
  await expect(journal.getByTestId("journal-sync-status")).toHaveText("1 transaction fetched", { timeout: 60_000 });
});
