import { expect, type Locator, type Page } from "@playwright/test";

/** The admin foundation.spec.ts creates; the other specs run after it on the same server. */
export const admin = { email: "admin@example.com", password: "correct horse battery" };
/** The viewer foundation.spec.ts adds. */
export const viewer = { email: "viewer@example.com", password: "viewer password 1" };

export async function signIn(page: Page, who: { email: string; password: string } = admin) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Accounting Dashboard" })).toBeVisible();
}

/** The sandbox clock's day `offset` days from today, as YYYY-MM-DD. */
export async function sandboxDay(page: Page, offset: number): Promise<string> {
  const answer = await page.request.post("/sandbox/control/clock", { data: { advanceHours: 0 } });
  const { now } = (await answer.json()) as { now: string };
  const day = new Date(`${now.slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

/** "Search over 26,000 banks" → the "Add a Bank Account" dialog. */
export async function openAddBankAccount(page: Page) {
  await page.getByRole("button", { name: "Search over 26,000 banks" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a Bank Account" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/**
 * The catalog job fills the institutions from the sandbox shortly after the server starts. While the
 * same process serves the sandbox's 26,000-bank listings to itself, a request may be reset: ask again.
 */
export async function waitForCatalog(page: Page) {
  const found = async () => {
    try {
      const response = await page.request.get("/api/institutions/search?q=SBXBBEBB&country=all", { timeout: 30_000 });
      return ((await response.json()) as { institutions: unknown[] }).institutions.length;
    } catch {
      return 0;
    }
  };
  await expect.poll(found, { timeout: 150_000, intervals: [1_000] }).toBeGreaterThan(0);
}

const providerIds: Record<string, string> = { GoCardless: "gocardless", "Salt Edge": "saltedge", "Enable Banking": "enablebanking", Plaid: "plaid" };

/** In "Add a Bank Account": search, choose the institution and its provider, and click "Connect"; answers the pop-up. */
export async function connectBank(page: Page, dialog: Locator, institution: string, provider: string, country = "BE"): Promise<Page> {
  await dialog.getByLabel("Country").selectOption(country);
  await dialog.getByRole("combobox", { name: "Search" }).fill(institution);
  await dialog.getByRole("listbox", { name: "Institutions" }).getByRole("option").filter({ hasText: institution }).first().click();
  const providers = dialog.getByLabel("Provider");
  if (await providers.isVisible()) await providers.selectOption(providerIds[provider]!);
  else await expect(dialog.getByText(`Provider: ${provider}`)).toBeVisible();
  const [popup] = await Promise.all([page.waitForEvent("popup"), dialog.getByRole("button", { name: "Connect" }).click()]);
  return popup;
}

export type Consent = { code?: string[]; accounts?: string[]; cancel?: boolean };

/** The provider's hosted pages, as the user answers them (SANDBOX.md, "Logging in at a sandbox bank"). */
export async function consent(popup: Page, { code, accounts, cancel }: Consent = {}) {
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

/** The rows of "Select accounts to synchronize": name, number, currency, sorted by name. */
export async function authorizedAccounts(dialog: Locator) {
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

/** A journal card on the Accounting Dashboard, found by its account number. */
export function journalCard(page: Page, accountNumber: string) {
  return page.getByRole("list", { name: "Journals" }).getByRole("article").filter({ has: page.getByTestId("journal-bank").filter({ hasText: accountNumber }) });
}

/** Accounting ‣ Lock Dates: empties "Lock Everything" (foundation.spec.ts sets it), so every period is open. */
export async function clearLockEverything(page: Page) {
  await page.goto("/settings/lock-dates");
  await page.getByLabel("Lock Everything").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Lock dates saved.")).toBeVisible();
  await expect(page.getByLabel("Lock Everything")).toHaveValue("");
}

type StatusLog = Record<string, string[]>;
const statusLog = "__journalSyncStatuses";

/**
 * From now on, every text the journal cards' synchronization status shows, per card, in order. A run
 * can pass through "Fetching…" faster than an assertion polls; it cannot pass unseen by a
 * MutationObserver, which sees every render. Lasts until the page is loaded again.
 */
export async function recordSyncStatuses(page: Page) {
  await page.evaluate((key) => {
    const log: StatusLog = {};
    (window as unknown as Record<string, StatusLog>)[key] = log;
    const record = () => {
      for (const status of document.querySelectorAll('[data-testid="journal-sync-status"]')) {
        const card = status.closest("article")?.getAttribute("aria-labelledby") ?? "";
        const text = (status.textContent ?? "").trim();
        const seen = (log[card] ??= []);
        if (seen.at(-1) !== text) seen.push(text);
      }
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, statusLog);
}

/** What a card's status showed since recordSyncStatuses, oldest first. */
export async function syncStatusesOf(card: Locator): Promise<string[]> {
  const key = await card.getAttribute("aria-labelledby");
  return card.page().evaluate(([log, id]) => (window as unknown as Record<string, StatusLog>)[log!]?.[id!] ?? [], [statusLog, key] as const);
}

/**
 * Asserts the card showed "Fetching…" (with or without its progress) and then, last, `final`: the run was
 * seen running, then done.
 */
export async function expectFetchedThen(card: Locator, final: string | RegExp, timeout = 60_000) {
  await expect(card.getByTestId("journal-sync-status")).toHaveText(final, { timeout });
  const statuses = await syncStatusesOf(card);
  const fetching = statuses.findIndex((s) => s.startsWith("Fetching…"));
  expect(fetching, `statuses seen: ${JSON.stringify(statuses)}`).toBeGreaterThanOrEqual(0);
  const last = statuses.at(-1) ?? "";
  expect(typeof final === "string" ? last === final : final.test(last), `statuses seen: ${JSON.stringify(statuses)}`).toBe(true);
}
