import { expect, test, type Locator, type Page } from "@playwright/test";
import { openAddBankAccount, signIn, waitForCatalog } from "./helpers";

// Runs after foundation.spec.ts on the same server (company in BE, EUR). Each story builds on the
// previous ones: Sandbox Bank's accounts are synchronized by the first, which later ones rely on.
test.describe.configure({ mode: "serial" });

const providerIds: Record<string, string> = { GoCardless: "gocardless", "Salt Edge": "saltedge", "Enable Banking": "enablebanking", Plaid: "plaid" };

type Consent = { code?: string[]; accounts?: string[]; cancel?: boolean };

/** Search, choose the institution and its provider, and click "Connect": answers the pop-up. */
async function connect(page: Page, dialog: Locator, institution: string, provider: string, country = "BE"): Promise<Page> {
  await dialog.getByLabel("Country").selectOption(country);
  await dialog.getByRole("combobox", { name: "Search" }).fill(institution);
  await dialog.getByRole("listbox", { name: "Institutions" }).getByRole("option").filter({ hasText: institution }).first().click();
  const providers = dialog.getByLabel("Provider");
  if (await providers.isVisible()) await providers.selectOption(providerIds[provider]!);
  else await expect(dialog.getByText(`Provider: ${provider}`)).toBeVisible();
  const [popup] = await Promise.all([page.waitForEvent("popup"), dialog.getByRole("button", { name: "Connect" }).click()]);
  return popup;
}

/** The provider's hosted pages, as the user answers them (SANDBOX.md, "Logging in at a sandbox bank"). */
async function consent(popup: Page, { code, accounts, cancel }: Consent = {}) {
  await expect(popup.getByLabel("Username")).toBeVisible();
  if (cancel) {
    await popup.getByRole("button", { name: "Cancel" }).click();
    return;
  }
  await popup.getByLabel("Username").fill("user_good");
  await popup.getByLabel("Password").fill("pass_good");
  await popup.getByRole("button", { name: "Continue" }).click();
  for (const attempt of code ?? []) {
    await popup.getByLabel("Verification code").fill(attempt);
    await popup.getByRole("button", { name: "Continue" }).click();
    if (attempt !== "123456") await expect(popup.getByRole("alert")).toBeVisible();
  }
  await expect(popup.getByLabel("I consent to share my account information")).toBeVisible();
  if (accounts) {
    for (const box of await popup.getByRole("checkbox").all()) {
      const label = (await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? "")).trim();
      if (label !== "I consent to share my account information") await box.setChecked(accounts.includes(label));
    }
  }
  await popup.getByLabel("I consent to share my account information").check();
  await popup.getByRole("button", { name: "Allow" }).click();
}

/** The rows of "Select accounts to synchronize": name, number, currency. */
async function authorizedAccounts(dialog: Locator) {
  await expect(dialog.getByRole("heading", { name: "Select accounts to synchronize" })).toBeVisible({ timeout: 20_000 });
  const rows = dialog.getByTestId("authorized-account");
  const accounts = [];
  for (const row of await rows.all()) {
    const cells = row.locator("td");
    accounts.push({
      name: (await cells.nth(0).locator("label").innerText()).trim(),
      number: (await cells.nth(0).locator("div").innerText()).trim(),
      currency: (await cells.nth(1).innerText()).trim(),
    });
  }
  return accounts.sort((a, b) => a.name.localeCompare(b.name));
}

function card(page: Page, accountNumber: string) {
  return page.getByRole("list", { name: "Journals" }).getByRole("article").filter({ has: page.getByTestId("journal-bank").filter({ hasText: accountNumber }) });
}

let sandboxBankAccounts: { name: string; number: string; currency: string }[] = [];

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await waitForCatalog(page);
});

test("GoCardless: Sandbox Bank's three accounts become three journals, and their first synchronization is queued", async ({ page }) => {
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
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();

  for (const account of sandboxBankAccounts) {
    const journal = card(page, account.number);
    await expect(journal.getByRole("heading", { name: account.name })).toBeVisible();
    await expect(journal.getByTestId("journal-bank")).toContainText("Sandbox Bank via GoCardless");
    await expect(journal.getByTestId("journal-sync-status")).toHaveText("First synchronization queued");
    await expect(journal.getByTestId("journal-balance")).toContainText(account.currency === "USD" ? "$" : "€");
  }
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
  await expect(journal.getByTestId("journal-sync-status")).toHaveText("First synchronization queued");
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
    await expect(journal.getByTestId("journal-sync-status")).toHaveText("First synchronization queued");
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
  await expect(alert.getByRole("link", { name: "Online Synchronization" })).toHaveAttribute("href", /\/configuration\/online-synchronization\/[0-9a-f-]{36}$/);
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
  await expect(journal.getByTestId("journal-sync-status")).toHaveText(/^First synchronization queued$/);
});

test("a forged state at the callback is refused with a plain message", async ({ page }) => {
  await page.goto("/api/banksync/callback/gocardless?ref=s1.forged.state&error=none");
  await expect(page).toHaveURL(/\/connect\/done\?refused=invalid$/);
  await expect(page.getByRole("heading", { name: "The connection was refused" })).toBeVisible();
  await expect(page.getByText("This connection link is not valid.")).toHaveText("This connection link is not valid. Start again from “Add a Bank Account”.");
});
