import { expect, test, type Page } from "@playwright/test";
import { authorizedAccounts, clearLockEverything, connectBank, consent, expectFetchedThen, journalCard, openAddBankAccount, recordSyncStatuses, sandboxDay, signIn, waitForCatalog } from "./helpers";

// Runs last, on what the earlier specs left: Sandbox Bank's "Checking" journal through GoCardless
// (connect-bank, still connected). It connects Sandbox Duplicates Bank, which no other spec uses.
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await waitForCatalog(page);
});

/** The sandbox's today (its clock has moved with the earlier specs), and a day relative to it. */

/** The world's rule for a day's transaction (SANDBOX.md): its amount as the form takes it. */
function ruleAmount(date: string): string {
  const n = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  return n % 10 === 0 ? "1000.00" : `-${(n % 97) + 1}.25`;
}

const linesTable = (page: Page) => page.getByRole("table", { name: "Statement lines, newest first" });

async function searchLines(page: Page, text: string) {
  await page.getByRole("navigation", { name: "Filters" }).getByRole("link", { name: /^All \d+$/ }).click();
  await page.getByRole("searchbox", { name: "Search" }).or(page.getByRole("textbox", { name: "Search" })).fill(text);
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replaceAll("%20", "(\\+|%20)")}`));
}

async function openFindMissing(page: Page, since: string) {
  await page.getByRole("button", { name: "Journal actions" }).click();
  await page.getByRole("menuitem", { name: "Find Missing Transactions" }).click();
  const dialog = page.getByRole("dialog", { name: "Find Missing Transactions" });
  await dialog.getByLabel("Start date").fill(since);
  await dialog.getByRole("button", { name: "Fetch" }).click();
  await expect(dialog.getByRole("table", { name: "Missing transactions" }).or(dialog.getByText(/^No (posted transactions are )?missing/))).toBeVisible({ timeout: 30_000 });
  return dialog;
}

test("Find Missing Transactions lists what the bank booked late, next to the pending ones, and imports it once", async ({ page }) => {
  test.setTimeout(180_000);
  await clearLockEverything(page);
  const late = await sandboxDay(page, -10);
  const added = await page.request.post("/sandbox/control/transactions", {
    data: { institution: "Sandbox Bank", account: "Checking", date: late, amount: "-33.33", description: "Late booking", status: "posted" },
  });
  expect(added.ok()).toBe(true);

  // "Fetch Transactions" reads a week back: ten days ago is outside its window.
  await page.goto("/");
  const card = page.getByRole("article", { name: "Checking", exact: true });
  await recordSyncStatuses(page);
  await card.getByRole("button", { name: "Fetch Transactions" }).click();
  await expectFetchedThen(card, /^\d+ transactions? fetched$/);
  await card.getByRole("link", { name: "Checking", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Checking", level: 1 })).toBeVisible();
  await searchLines(page, "Late booking");
  await expect(page.getByText("No lines match “Late booking”", { exact: false })).toBeVisible();

  const dialog = await openFindMissing(page, await sandboxDay(page, -30));
  const results = dialog.getByRole("table", { name: "Missing transactions" });
  await expect(results.getByRole("row").filter({ hasText: "Late booking" })).toContainText("Posted");
  await expect(results.getByRole("row").filter({ hasText: "Pending 1" })).toHaveCount(0);
  await dialog.getByLabel(/Show pending/).check();
  for (const pending of ["Pending 1", "Pending 2"]) {
    const row = results.getByRole("row").filter({ hasText: pending });
    await expect(row).toContainText("Pending");
    await expect(row.getByRole("checkbox")).toBeDisabled();
  }
  await dialog.getByRole("button", { name: "Import Transactions" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Select at least one transaction to import.");
  await results.getByRole("checkbox", { name: `Select Late booking of ${late}` }).check();
  await dialog.getByRole("button", { name: "Import Transactions" }).click();
  await expect(dialog.getByRole("status")).toContainText("1 transaction imported.");
  await expect(results.getByRole("row").filter({ hasText: "Late booking" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  await searchLines(page, "Late booking");
  await expect(linesTable(page).locator("tbody tr")).toHaveCount(1);
  await expect(linesTable(page).locator("tbody tr")).toContainText("33.33");

  // No longer missing: a new search does not list it.
  const again = await openFindMissing(page, await sandboxDay(page, -30));
  await expect(again.getByText(/^No posted transactions are missing since .*: only pending ones/)).toBeVisible();
  await expect(again.getByText("Late booking")).toHaveCount(0);
  await page.keyboard.press("Escape");
});

test("Find Missing Transactions refuses a transaction inside the locked period, naming the lock date", async ({ page }) => {
  test.setTimeout(120_000);
  const day = await sandboxDay(page, -12);
  await page.request.post("/sandbox/control/transactions", {
    data: { institution: "Sandbox Bank", account: "Checking", date: day, amount: "-44.00", description: "Locked booking", status: "posted" },
  });
  const lockDate = await sandboxDay(page, -11);
  await page.goto("/settings/lock-dates");
  await page.getByLabel("Lock Everything").fill(lockDate);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Lock dates saved.")).toBeVisible();

  await page.goto("/");
  await page.getByRole("article", { name: "Checking", exact: true }).getByRole("link", { name: "Checking", exact: true }).click();
  const dialog = await openFindMissing(page, await sandboxDay(page, -30));
  await dialog.getByRole("checkbox", { name: `Select Locked booking of ${day}` }).check();
  await dialog.getByRole("button", { name: "Import Transactions" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`The period up to ${lockDate} is locked`);
  await page.keyboard.press("Escape");
  await searchLines(page, "Locked booking");
  await expect(page.getByText("No lines match “Locked booking”", { exact: false })).toBeVisible();
  await clearLockEverything(page);
});

test("Sandbox Duplicates Bank: the banner leads to the review; deleting the twin leaves one line, “Not a duplicate” hides a group for good", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const add = await openAddBankAccount(page);
  const popup = await connectBank(page, add, "Sandbox Duplicates Bank", "Enable Banking");
  await consent(popup);
  const [account] = await authorizedAccounts(add);
  await add.getByRole("button", { name: "Synchronize" }).click();
  await expect(add).toBeHidden();
  const card = journalCard(page, account!.number);
  await expect(card.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions fetched$/, { timeout: 60_000 });
  await card.getByTestId("journal-sync-status").getByRole("link").click();

  const banner = page.getByRole("note").filter({ hasText: "might be duplicates" });
  await expect(banner).toContainText("2 transactions might be duplicates.");
  await banner.getByRole("button", { name: "Review" }).click();
  const review = page.getByRole("dialog", { name: "Find Duplicate Transactions" });
  const groups = review.getByRole("group");
  await expect(groups).toHaveCount(1);
  await expect(groups.first()).toContainText(" bis");
  await groups.first().getByRole("checkbox", { name: / bis”$/ }).check();
  await review.getByRole("button", { name: "Delete Selected" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete 1 line?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(review.getByRole("status").filter({ hasText: "1 line deleted." })).toBeVisible();
  await expect(review.getByText(/^No possible duplicates since /)).toBeVisible();
  await expect(review.getByRole("group")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("note").filter({ hasText: "might be duplicates" })).toHaveCount(0);

  // A line entered by hand that looks like a bank line: a group, until "Not a duplicate".
  const day = await sandboxDay(page, -3);
  const form = page.getByRole("form", { name: "Add a line" });
  await form.getByLabel("Date").fill(day);
  await form.getByLabel("Label").fill("Typed twice");
  await form.getByLabel(/^Amount/).fill(ruleAmount(day));
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(linesTable(page).getByRole("row").filter({ hasText: "Typed twice" })).toHaveCount(1);
  await page.getByRole("button", { name: "Journal actions" }).click();
  await page.getByRole("menuitem", { name: "Find Duplicate Transactions" }).click();
  await review.getByLabel("Start date").fill(await sandboxDay(page, -30));
  await review.getByRole("button", { name: "Search" }).click();
  const typed = review.getByRole("group").filter({ hasText: "Typed twice" });
  await expect(typed).toContainText("Manual");
  await expect(typed).toContainText("Bank");
  await typed.getByRole("button", { name: "Not a duplicate" }).click();
  await expect(review.getByRole("status").filter({ hasText: "Marked as not a duplicate" })).toBeVisible();
  await review.getByRole("button", { name: "Search" }).click();
  await expect(review.getByText(/^No possible duplicates since /)).toBeVisible();
  await expect(review.getByRole("group").filter({ hasText: "Typed twice" })).toHaveCount(0);
  await page.keyboard.press("Escape");
});

test("reconciling three lines to an expense account, then reverting one: the view and the dashboard follow", async ({ page }) => {
  await page.goto("/");
  const card = page.getByRole("article").filter({ hasText: "Sandbox Duplicates Bank" });
  const toReconcile = async () => Number((await page.getByRole("navigation", { name: "Filters" }).getByRole("link", { name: /^To reconcile \d+$/ }).innerText()).match(/\d+/)![0]);
  await card.getByRole("link", { name: /^\d+ lines?$/ }).click();
  const before = await toReconcile();

  const rows = linesTable(page).locator("tbody").getByRole("checkbox");
  for (const i of [0, 1, 2]) await rows.nth(i).check();
  const panel = page.getByRole("form", { name: "3 lines selected" });
  await panel.getByLabel("Account").selectOption({ label: "6000 Office Supplies" });
  await panel.getByLabel("Partner").fill("Office Shop");
  await panel.getByRole("button", { name: "Reconcile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 lines reconciled." })).toBeVisible();
  await expect.poll(toReconcile).toBe(before - 3);

  await page.getByRole("navigation", { name: "Filters" }).getByRole("link", { name: /^All \d+$/ }).click();
  const reconciled = linesTable(page).getByRole("row").filter({ hasText: "6000 Office Supplies" });
  await expect(reconciled).toHaveCount(3);
  await reconciled.first().getByRole("button", { name: /^Revert reconciliation of / }).click();
  await expect(linesTable(page).getByRole("row").filter({ hasText: "6000 Office Supplies" })).toHaveCount(2);
  await expect.poll(toReconcile).toBe(before - 2);

  await page.goto("/");
  await expect(card.getByRole("link", { name: /^\d+ lines?$/ })).toHaveText(`${before - 2} lines`);
});
