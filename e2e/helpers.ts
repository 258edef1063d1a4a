import { expect, type Page } from "@playwright/test";

/** The admin foundation.spec.ts creates; the other specs run after it on the same server. */
export const admin = { email: "admin@example.com", password: "correct horse battery" };

export async function signIn(page: Page, who: { email: string; password: string } = admin) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Accounting Dashboard" })).toBeVisible();
}

/** "Search over 26,000 banks" → the "Add a Bank Account" dialog. */
export async function openAddBankAccount(page: Page) {
  await page.getByRole("button", { name: "Search over 26,000 banks" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a Bank Account" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The catalog job fills the institutions from the sandbox shortly after the server starts. */
export async function waitForCatalog(page: Page) {
  await expect
    .poll(async () => ((await (await page.request.get("/api/institutions/search?q=SBXBBEBB&country=all")).json()) as { institutions: unknown[] }).institutions.length, {
      timeout: 120_000,
      intervals: [1_000],
    })
    .toBeGreaterThan(0);
}
