import { expect, test, type Page } from "@playwright/test";
import {
  authorizedAccounts,
  clearLockEverything,
  connectBank,
  consent,
  expectFetchedThen,
  journalCard,
  openAddBankAccount,
  recordSyncStatuses,
  signIn,
  waitForCatalog,
} from "./helpers";

// Runs after foundation.spec.ts on the same server, and does not rely on the other specs: it connects
// banks no other spec synchronizes. The workers run in the web process, so a first synchronization
// starts right after "Synchronize"; the last story moves the sandbox clock, so it stays last.
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await waitForCatalog(page);
});

/** Connects one sandbox bank's accounts to new journals: the account number of each, by name. */
async function connectToNewJournals(page: Page, institution: string, provider: string) {
  const dialog = await openAddBankAccount(page);
  const popup = await connectBank(page, dialog, institution, provider);
  await consent(popup);
  const accounts = await authorizedAccounts(dialog);
  for (const select of await dialog.getByTestId("authorized-account").getByRole("combobox").all()) await expect(select).toHaveValue("new");
  await recordSyncStatuses(page);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  return accounts;
}

test("Sandbox 90-Day Bank: “Fetching…”, then “90 transactions fetched” leading to them; “Fetch Transactions” again fetches 0", async ({ page }) => {
  test.setTimeout(180_000);
  // Whatever lock date the foundation left, 90 days back must all come in.
  await clearLockEverything(page);
  await page.goto("/");
  const [account] = await connectToNewJournals(page, "Sandbox 90-Day Bank", "GoCardless");
  expect(account).toMatchObject({ name: "Current Account", currency: "EUR" });
  const card = journalCard(page, account!.number);
  await expect(card.getByTestId("journal-bank")).toContainText("Sandbox 90-Day Bank via GoCardless");
  await expectFetchedThen(card, "90 transactions fetched");
  await expect(card.getByTestId("journal-next-sync")).toHaveText(/^Next synchronization: .*\d/);
  await expect(card.getByTestId("journal-last-sync")).toHaveText(/^Last synchronization: .*\d/);
  await expect(card.getByTestId("journal-sync-status").getByRole("alert")).toHaveCount(0);

  // The link leads to the journal's lines: 90 transactions and the opening balance that makes it match the bank.
  await card.getByRole("link", { name: "90 transactions fetched" }).click();
  await expect(page).toHaveURL(/\/journals\/[0-9a-f-]{36}\/reconciliation$/);
  await expect(page.getByRole("heading", { name: "Current Account", level: 1 })).toBeVisible();
  await expect(page.getByText("91 statement lines")).toBeVisible();
  const rows = page.getByRole("table").locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(/(Card payment|Salary) \d{4}-\d{2}-\d{2}/);

  // Nothing new at the bank: the second fetch is seen running and brings nothing twice.
  await page.goto("/");
  await expect(card.getByTestId("journal-sync-status")).toHaveText("90 transactions fetched");
  await recordSyncStatuses(page);
  await card.getByRole("button", { name: "Fetch Transactions" }).click();
  await expectFetchedThen(card, "0 transactions fetched");
  await card.getByRole("link", { name: "0 transactions fetched" }).click();
  await expect(page.getByText("91 statement lines")).toBeVisible();
});

test("Sandbox Daily Limit Bank: a second fetch the same day says when new transactions can come, and is not an error", async ({ page }) => {
  test.setTimeout(180_000);
  const [account] = await connectToNewJournals(page, "Sandbox Daily Limit Bank", "Enable Banking");
  const card = journalCard(page, account!.number);
  await expect(card.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions fetched$/, { timeout: 60_000 });

  await recordSyncStatuses(page);
  await card.getByRole("button", { name: "Fetch Transactions" }).click();
  const status = card.getByTestId("journal-sync-status");
  // The notice is the status's second line.
  await expectFetchedThen(card, /^0 transactions fetched\s*Already refreshed today; new transactions can be fetched after .*\d.*\.$/);
  await expect(status.getByText(/^Already refreshed today; new transactions can be fetched after .*\d.*\.$/)).not.toHaveClass(/red/);
  await expect(status.getByText("Reference:")).toHaveCount(0);
  await expect(card.getByRole("link", { name: "Reconnect Bank" })).toHaveCount(0);
  // The connection stays connected: the scheduler still plans its next synchronization.
  await expect(card.getByTestId("journal-next-sync")).toHaveText(/^Next synchronization: .*\d/);
});

test("Sandbox Manual Bank: the scheduled run asks to disable automatic synchronization, one click does, and fetching by hand works", async ({ page }) => {
  test.setTimeout(300_000);
  const [account] = await connectToNewJournals(page, "Sandbox Manual Bank", "Salt Edge");
  const card = journalCard(page, account!.number);
  // A user-started fetch works at this bank.
  await expect(card.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions fetched$/, { timeout: 60_000 });
  await expect(card.getByTestId("journal-next-sync")).toBeVisible();

  // 13 hours later the 12-hour scheduler finds it due, and the bank refuses the background fetch.
  expect((await page.request.post("/sandbox/control/clock", { data: { advanceHours: 13 } })).ok()).toBe(true);
  const tick = await page.request.post("/sandbox/control/run-scheduled-sync", { timeout: 280_000 });
  expect(tick.ok()).toBe(true);
  const { runs } = (await tick.json()) as { runs: { institution: string; status: string; error?: string }[] };
  const refusal = "This bank does not allow automatic synchronization. Disable automatic synchronization and use Fetch Transactions.";
  expect(runs.filter((r) => r.institution === "Sandbox Manual Bank")).toEqual([expect.objectContaining({ status: "failed", error: refusal })]);

  await page.reload();
  const status = card.getByTestId("journal-sync-status");
  await expect(status).toContainText(refusal);
  await expect(status).toContainText(/Reference: BS-[0-9A-Z]{8}/);
  await expect(card.getByRole("link", { name: "Reconnect Bank" })).toHaveCount(0);
  await status.getByRole("button", { name: "Disable automatic synchronization" }).click();
  await expect(status).toHaveText("Automatic synchronization is disabled: use “Fetch Transactions” to synchronize.");
  await expect(card.getByTestId("journal-next-sync")).toHaveCount(0);

  // It stays off after a reload, and "Fetch Transactions" still fetches.
  await page.reload();
  await expect(status).toHaveText("Automatic synchronization is disabled: use “Fetch Transactions” to synchronize.");
  await recordSyncStatuses(page);
  await card.getByRole("button", { name: "Fetch Transactions" }).click();
  await expectFetchedThen(card, /^\d+ transactions? fetched$/);
  await expect(card.getByTestId("journal-next-sync")).toHaveCount(0);
});
