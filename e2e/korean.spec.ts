import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createTranslator } from "next-intl";
import type en from "@/messages/en";
import { startNextServer, type NextServer } from "@/test/next-server";
import { sandboxDay, waitForCatalog } from "./helpers";

// A Korean accountant's first day, in a browser that asks for Korean (Accept-Language ko-KR), on a
// new installation of its own (own folder and port, like web-restart.spec.ts): every label below is
// the Korean catalog's, dates and amounts the Korean forms Intl gives.
const port = Number(process.env.E2E_KOREAN_PORT ?? 3300);
const origin = `http://127.0.0.1:${port}`;
const dataDir = path.resolve(".data-e2e-korean");
const env = { BANKSYNC_DATA_DIR: dataDir, BANKSYNC_MODE: "sandbox", DATABASE_URL: "", ADMIN_EMAIL: "", ADMIN_PASSWORD: "", LOG_LEVEL: "warn" };
const owner = { email: "hanbit@example.com", password: "hanbit password 1" };

/** The Korean catalog, read as the app merges it (messages/ko/index.ts), its keys typed by the English one. */
const ko = Object.assign({}, ...readdirSync("messages/ko").filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(path.join("messages/ko", f), "utf8")))) as typeof en;
const t = createTranslator({ locale: "ko", messages: ko, timeZone: "UTC" });
/** A Korean date as Intl writes it for a YYYY-MM-DD day: "2026. 11. 26.". */
const koreanDate = (day: string) => new Intl.DateTimeFormat("ko-KR", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
/** A catalog sentence with a count, as a pattern matching any count. */
const withAnyCount = (sentence: (count: number) => string) => new RegExp(`^${sentence(987_654).replace(/987,?654/, "[\\d,]+")}$`);

let server: NextServer | undefined;

test.afterAll(async () => {
  await server?.kill("SIGTERM");
});


/** The sandbox bank's hosted pages, in Korean because the app asked the provider for Korean. */
async function consentInKorean(popup: Page) {
  await expect(popup.locator("html")).toHaveAttribute("lang", "ko");
  await popup.getByLabel(t("Sandbox.login.username")).fill("user_good");
  await popup.getByLabel(t("Sandbox.login.password")).fill("pass_good");
  await popup.getByRole("button", { name: t("Sandbox.continue") }).click();
  await popup.getByLabel(t("Sandbox.accounts.consent")).check();
  await popup.getByRole("button", { name: t("Sandbox.accounts.allow") }).click();
}

function card(page: Page, journal: string): Locator {
  return page.getByRole("list", { name: t("Dashboard.journals") }).getByRole("article", { name: journal, exact: true });
}

test("in Korean: set up, connect Sandbox Bank, fetch transactions, find a missing one", async ({ browser }) => {
  test.setTimeout(300_000);
  rmSync(dataDir, { recursive: true, force: true });
  server = await startNextServer(port, env);
  const context = await browser.newContext({ baseURL: origin, locale: "ko-KR", timezoneId: "Asia/Seoul" });
  const page = await context.newPage();

  // Setup, with its refusals in Korean.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko-KR");
  await expect(page.getByRole("heading", { name: t("Setup.heading") })).toBeVisible();
  await page.getByLabel(t("Setup.companyName")).fill("한빛 상사");
  await page.getByLabel(t("Auth.email")).fill("not-an-email");
  await page.getByRole("button", { name: t("Setup.submit") }).click();
  await expect(page.getByText(t("Validation.invalidEmail"))).toBeVisible();
  await expect(page.getByText(t("Validation.passwordTooShort"))).toBeVisible();
  await page.getByLabel(t("Setup.country")).selectOption("KR");
  await page.getByLabel(t("Setup.currency")).selectOption("KRW");
  await page.getByLabel(t("Auth.email")).fill(owner.email);
  await page.getByLabel(t("Auth.password"), { exact: true }).fill(owner.password);
  await page.getByRole("button", { name: t("Setup.submit") }).click();
  await expect(page.getByRole("heading", { name: t("Dashboard.title") })).toBeVisible();
  await expect(page).toHaveTitle(`${t("Dashboard.title")} · Banksync`);

  // Connect Sandbox Bank through GoCardless: the dialog, the pop-up's pages, the account choice.
  await waitForCatalog(page);
  // The dialog offers the countries the catalog has banks in: drawn again now that it has them.
  await page.reload();
  await page.getByRole("button", { name: t("Dashboard.searchBanks") }).click();
  const dialog = page.getByRole("dialog", { name: t("AddBankAccount.title") });
  await dialog.getByLabel(t("Institutions.country")).selectOption("BE");
  await dialog.getByRole("combobox", { name: t("Institutions.search") }).fill("Sandbox Bank");
  await dialog.getByRole("listbox", { name: t("Institutions.list") }).getByRole("option").filter({ hasText: "Sandbox Bank" }).first().click();
  await dialog.getByLabel(t("Connect.provider")).selectOption("gocardless");
  const [popup] = await Promise.all([page.waitForEvent("popup"), dialog.getByRole("button", { name: t("Connect.connect") }).click()]);
  await consentInKorean(popup);
  await expect(dialog.getByRole("heading", { name: t("AccountSelection.title") })).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole("button", { name: t("AccountSelection.synchronize") }).click();
  await expect(dialog).toBeHidden();

  // The first synchronization, said in Korean; a Korean date and a USD balance as Korean readers write it.
  const fetched = withAnyCount((count) => t("JournalSync.fetched", { count }));
  const checking = card(page, "Checking");
  await expect(checking.getByTestId("journal-sync-status")).toHaveText(fetched, { timeout: 60_000 });
  const cardAccount = card(page, "Card");
  await expect(cardAccount.getByTestId("journal-sync-status")).toHaveText(fetched, { timeout: 60_000 });
  const yesterday = await sandboxDay(page, -1);
  await expect(cardAccount.getByText(t("JournalCard.balanceOn", { date: koreanDate(yesterday) }))).toBeVisible();
  await expect(cardAccount.getByTestId("journal-balance")).toHaveText(/^-?US\$[\d,]+\.\d{2}$/);
  await expect(page.getByText("Fetch Transactions")).toHaveCount(0);

  // "Fetch Transactions" in Korean.
  const late = await sandboxDay(page, -10);
  const added = await page.request.post("/sandbox/control/transactions", {
    data: { institution: "Sandbox Bank", account: "Checking", date: late, amount: "-33.33", description: "늦게 들어온 거래", status: "posted" },
  });
  expect(added.ok()).toBe(true);
  await checking.getByRole("button", { name: t("JournalSync.fetchTransactions") }).click();
  await expect(checking.getByTestId("journal-sync-status")).toHaveText(fetched, { timeout: 60_000 });

  // "Find Missing Transactions": the transaction booked ten days back, outside Fetch's week, listed with
  // a Korean date, imported once.
  await checking.getByRole("link", { name: "Checking", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Checking", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: t("Journal.menu.trigger") }).click();
  await page.getByRole("menuitem", { name: t("Journal.menu.findMissing") }).click();
  const find = page.getByRole("dialog", { name: t("FindMissing.title") });
  await find.getByLabel(t("FindMissing.startDate")).fill(await sandboxDay(page, -30));
  await find.getByRole("button", { name: t("FindMissing.fetch"), exact: true }).click();
  const results = find.getByRole("table", { name: t("FindMissing.results.caption") });
  const row = results.getByRole("row").filter({ hasText: "늦게 들어온 거래" });
  await expect(row).toContainText(t("FindMissing.results.posted"), { timeout: 30_000 });
  await expect(row).toContainText(koreanDate(late));
  await expect(row).toContainText(new Intl.NumberFormat("ko-KR", { style: "currency", currency: "EUR" }).format(-33.33));
  await find.getByRole("button", { name: t("FindMissing.import") }).click();
  await expect(find.getByRole("alert")).toContainText(t("FindMissing.refusals.selectToImport"));
  await row.getByRole("checkbox", { name: t("FindMissing.results.selectRow", { label: "늦게 들어온 거래", date: late }) }).check();
  await find.getByRole("button", { name: t("FindMissing.import") }).click();
  await expect(find.getByRole("status")).toContainText(t("FindMissing.imported", { count: 1 }));
  await expect(row).toHaveCount(0);
  await page.keyboard.press("Escape");

  // User menu ‣ Language: the user's choice wins over the browser's Korean, and is kept with the user.
  // By keyboard, as the menu is meant to be usable: a pointer moving to the submenu may cross outside it.
  const chooseLanguage = async (menu: string, language: string, name: string) => {
    await page.getByRole("button", { name: menu }).click();
    await page.getByRole("menuitem", { name: language }).press("ArrowRight");
    await page.getByRole("menuitemradio", { name }).press("Enter");
  };
  await page.goto("/");
  await chooseLanguage(t("UserMenu.trigger"), t("UserMenu.language"), "English");
  await expect(page.getByRole("heading", { name: "Accounting Dashboard" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Accounting Dashboard" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Checking", exact: true }).getByRole("button", { name: "Fetch Transactions" })).toBeVisible();
  await chooseLanguage("User menu", "Language", "한국어");
  await expect(page.getByRole("heading", { name: t("Dashboard.title") })).toBeVisible();
});
