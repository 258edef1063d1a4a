import { expect, test, type Page } from "@playwright/test";
import { admin, authorizedAccounts, connectBank, consent, journalCard, openAddBankAccount, signIn, viewer, waitForCatalog } from "./helpers";

// Runs last, on the connections the bank specs made: Sandbox Bank through GoCardless (connect-bank)
// and Sandbox Manual Bank (sync, automatic synchronization off). It moves the sandbox clock.
test.describe.configure({ mode: "serial" });

const LIST = "/configuration/online-synchronization";
let sandboxBankPage = "";

test.beforeEach(async ({ page }) => {
  await signIn(page, admin);
  await waitForCatalog(page);
  // Developer mode on: Configuration ‣ Online Synchronization shows.
  await page.goto("/?debug=1");
  await expect(page.getByRole("link", { name: "Online Synchronization" })).toBeVisible();
});

/** The list's row of an institution through a provider. */
function connectionRow(page: Page, institution: string, provider: string) {
  return page
    .getByRole("table", { name: "Bank connections" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: institution, exact: true }) })
    .filter({ hasText: provider });
}

async function openConnection(page: Page, institution: string, provider: string) {
  await page.goto(LIST);
  await connectionRow(page, institution, provider).getByRole("link", { name: institution, exact: true }).click();
  await expect(page.getByRole("heading", { name: institution, level: 1 })).toBeVisible();
  return page.url();
}

const log = (page: Page) => page.getByRole("list", { name: "Log entries, newest first" }).getByRole("listitem");

test("the list shows the connected Sandbox Bank; “Fetch Transactions” on its page synchronizes it and logs the run", async ({ page }) => {
  await page.getByRole("link", { name: "Online Synchronization" }).click();
  await expect(page.getByRole("heading", { name: "Online Synchronization", level: 1 })).toBeVisible();
  const row = connectionRow(page, "Sandbox Bank", "GoCardless");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(1)).toHaveText("Connected");
  await expect(row.getByRole("cell").last()).toHaveText("3");
  // Connections whose accounts feed no journal say so (Sandbox Bank through the other providers, refused as already synchronized).
  await expect(connectionRow(page, "Sandbox Bank", "Salt Edge").getByRole("cell").last()).toHaveText("30 synchronized");
  await expect(row).toContainText("On");

  // Rows not connected stand out with words too: the filter shows only them.
  await page.getByRole("navigation", { name: "Filter by state" }).getByRole("link", { name: /^Connected \d+$/ }).click();
  await expect(page.getByRole("link", { name: /^Connected \d+$/ })).toHaveAttribute("aria-current", "page");
  await expect(connectionRow(page, "Sandbox Bank", "GoCardless")).toHaveCount(1);

  sandboxBankPage = await openConnection(page, "Sandbox Bank", "GoCardless");
  await expect(page.getByText("GoCardless").first()).toBeVisible();
  const details = page.getByRole("definition");
  await expect(details.first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Accounts of this connection" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByLabel("Journal of Checking")).toBeVisible();

  await page.getByRole("button", { name: "Fetch Transactions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Synchronization queued." })).toBeVisible();
  // The page follows the run until it is logged.
  await expect(log(page).first()).toContainText(/Fetch Transactions: \d+ imported, \d+ already known/, { timeout: 60_000 });
  await expect(log(page).first()).toContainText(admin.email);
});

test("automatic synchronization off leaves Sandbox Bank out of the scheduled run; Sandbox Manual Bank's refusal shows with a copyable reference", async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.goto(sandboxBankPage);
  const autoSync = page.getByRole("switch", { name: "Automatic synchronization" });
  await expect(autoSync).toHaveAttribute("aria-checked", "true");
  await autoSync.click();
  await expect(autoSync).toHaveAttribute("aria-checked", "false");
  await expect(log(page).first()).toContainText("Automatic synchronization disabled", { timeout: 15_000 });
  const sandboxBankId = sandboxBankPage.split("/").at(-1)!;

  // Sandbox Manual Bank: its switch on again, so the scheduler tries it.
  await openConnection(page, "Sandbox Manual Bank", "Salt Edge");
  const manualUrl = page.url();
  const manualSwitch = page.getByRole("switch", { name: "Automatic synchronization" });
  if ((await manualSwitch.getAttribute("aria-checked")) === "false") {
    await manualSwitch.click();
    await expect(manualSwitch).toHaveAttribute("aria-checked", "true");
    await expect(log(page).first()).toContainText("Automatic synchronization enabled", { timeout: 15_000 });
  }

  expect((await page.request.post("/sandbox/control/clock", { data: { advanceHours: 13 } })).ok()).toBe(true);
  const tick = await page.request.post("/sandbox/control/run-scheduled-sync", { timeout: 280_000 });
  expect(tick.ok()).toBe(true);
  const { runs } = (await tick.json()) as { runs: { connection: string; institution: string; status: string; error?: string }[] };
  expect(runs.map((r) => r.connection)).not.toContain(sandboxBankId);
  const refusal = "This bank does not allow automatic synchronization. Disable automatic synchronization and use Fetch Transactions.";
  expect(runs.filter((r) => r.institution === "Sandbox Manual Bank")).toEqual([expect.objectContaining({ status: "failed", error: refusal })]);

  await page.goto(manualUrl);
  const lastError = page.getByRole("region", { name: "Last error" });
  await expect(lastError).toContainText(refusal);
  const reference = (await lastError.locator("code").last().innerText()).trim();
  expect(reference).toMatch(/^BS-[0-9A-Z]{8}$/);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await lastError.getByRole("button", { name: "Copy reference" }).click();
  await expect(lastError.getByRole("button", { name: "Copy reference" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);
  const report = lastError.getByRole("link", { name: "Report issue" });
  const href = decodeURIComponent((await report.getAttribute("href"))!);
  expect(href).toContain(`mailto:support@banksync.test?subject=Banksync connection issue ${reference}`);
  expect(href).toContain("Provider: Salt Edge");
  expect(href).toMatch(/Client ID: \S+/);
  // The refusal is in the log too, with the same reference.
  await expect(log(page).filter({ hasText: reference }).first()).toContainText("Scheduled synchronization failed");

  // Back on the list, the row says it is connected but its error is on its page; Sandbox Bank's automatic sync reads Off.
  await page.goto(LIST);
  await expect(connectionRow(page, "Sandbox Bank", "GoCardless")).toContainText("Off");
});

test("“Update Credentials” at Sandbox Bank through GoCardless: new account ids, the same journals, nothing imported twice", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(sandboxBankPage);
  const names = ["Checking", "Savings", "Card"];
  const journalOf = (name: string) => page.getByLabel(`Journal of ${name}`).locator("option:checked");
  const journalsBefore = await Promise.all(names.map((name) => journalOf(name).innerText()));
  expect(journalsBefore).not.toContain("Not synchronized");
  // The clock moved since the last fetch and may have crossed midnight (a new day at the bank): fetch
  // first, so that whatever the update brings would be a transaction imported twice.
  const fetches = log(page).filter({ hasText: /Fetch Transactions: \d+ imported/ });
  const fetched = await fetches.count();
  await page.getByRole("button", { name: "Fetch Transactions" }).click();
  await expect(fetches).toHaveCount(fetched + 1, { timeout: 60_000 });
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: "Update Credentials" }).click()]);
  const dialog = page.getByRole("dialog", { name: "Update Credentials" });
  await expect(dialog).toContainText("Select all accounts that need access, including those from other banking institutions.");
  await consent(popup);
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(log(page).filter({ hasText: "Credentials updated: 3 accounts renewed." })).toHaveCount(1, { timeout: 30_000 });
  await expect(log(page).first()).toContainText(/Synchronization after updating credentials: 0 imported/, { timeout: 60_000 });
  // Every account still feeds the journal it fed.
  for (const [i, name] of names.entries()) await expect(journalOf(name)).toHaveText(journalsBefore[i]!);
});

test("Sandbox Sticky Bank: “Delete” revokes the consent but Salt Edge keeps its record; removed there, “Delete” removes it and the journal stays", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const dialog = await openAddBankAccount(page);
  const popup = await connectBank(page, dialog, "Sandbox Sticky Bank", "Salt Edge");
  await consent(popup);
  const [account] = await authorizedAccounts(dialog);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  await expect(journalCard(page, account!.number).getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions fetched$/, { timeout: 60_000 });

  await page.goto("/?debug=1");
  await openConnection(page, "Sandbox Sticky Bank", "Salt Edge");
  const sticky = page.url();
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete connection" });
  await expect(confirm).toContainText("The consent is revoked at Salt Edge.");
  await confirm.getByRole("button", { name: "Delete" }).click();
  const message =
    "The consent has been revoked, but Salt Edge keeps its own record of this connection. Remove it in your Salt Edge account, then delete it here again.";
  await expect(page.getByRole("alert").filter({ hasText: message }).first()).toBeVisible();
  await expect(page.getByTestId("connection-state")).toHaveText("⊘Disconnected");
  await expect(page.getByRole("button", { name: "Reconnect" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Fetch Transactions" })).toHaveCount(0);
  await expect(page.getByLabel("Journal of Current Account")).toHaveValue("");

  expect((await page.request.post("/sandbox/control/remove-at-provider", { data: { institution: "Sandbox Sticky Bank" } })).ok()).toBe(true);
  await page.goto(sticky);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete connection" }).getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(new RegExp(`${LIST}$`));
  await expect(page.getByRole("link", { name: "Sandbox Sticky Bank", exact: true })).toHaveCount(0);

  // The journal and its lines stay, no longer synchronized.
  await page.goto("/");
  const card = journalCard(page, account!.number);
  await expect(card).toBeVisible();
  await expect(card.getByRole("button", { name: "Fetch Transactions" })).toHaveCount(0);
  expect((await page.goto(sticky))?.status()).toBe(404);
});

test("a viewer gets 404 on the Online Synchronization pages, even in developer mode", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await signIn(page, viewer);
  await page.goto("/?debug=1");
  await expect(page.getByRole("link", { name: "Online Synchronization" })).toHaveCount(0);
  expect((await page.goto(LIST))?.status()).toBe(404);
  expect((await page.goto(sandboxBankPage))?.status()).toBe(404);
});
