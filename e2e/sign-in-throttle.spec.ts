import { expect, test, type Browser, type Page } from "@playwright/test";
import { admin, signIn } from "./helpers";

// Runs on the foundation's installation. The server waits SIGN_IN_DELAY_MS (playwright.config.ts) instead
// of a second before a slowed answer; the counts that slow and lock are the real ones.
test.describe.configure({ mode: "serial" });

/** A user of its own to lock out, so the admin the other specs sign in as is never locked. */
const lockedOut = { email: "locked-out@example.com", password: "locked out password" };
const WRONG = "Wrong email or password.";
const LOCKED = "Too many failed sign-in attempts. Wait 15 minutes, then try again.";

/** A signed-out page on /login, in a context of its own. */
async function loginPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  return page;
}

/** Submits the sign-in form and waits for its answer, which must be `expected`. */
async function tryPassword(page: Page, email: string, password: string, expected: string) {
  const button = page.getByRole("button", { name: "Sign in", exact: true });
  // Enabled again once the last answer is shown and React has reset the form, which would empty what is typed now.
  await expect(button).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await button.click();
  await answered;
  await expect(page.locator("form > [role=alert]")).toHaveText(expected);
  await expect(page).toHaveURL(/\/login/);
}

test("a wrong password gets the same answer for the admin's address and a made-up one", async ({ browser }) => {
  const page = await loginPage(browser);
  await tryPassword(page, admin.email, "not the admin password", WRONG);
  await tryPassword(page, "made-up@example.com", "not the admin password", WRONG);
  await page.context().close();
});

test("ten wrong passwords lock an address, real or made up, alike; then even the right one is refused", async ({ page, browser }) => {
  // A right password clears the admin's failure of the test above.
  await signIn(page, admin);
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(lockedOut.email);
  await form.getByLabel("Password").fill(lockedOut.password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${lockedOut.email} can now sign in.`)).toBeVisible();

  const [real, madeUp] = [await loginPage(browser), await loginPage(browser)];
  const guesses = async (guesser: Page, email: string) => {
    for (let i = 1; i <= 10; i++) await tryPassword(guesser, email, `guess number ${i}`, WRONG);
    await tryPassword(guesser, email, "guess number 11", LOCKED);
  };
  await Promise.all([guesses(real, lockedOut.email), guesses(madeUp, "nobody-at-all@example.com")]);

  await tryPassword(real, lockedOut.email, lockedOut.password, LOCKED);
  await tryPassword(real, lockedOut.email.toUpperCase(), lockedOut.password, LOCKED);
  await real.context().close();
  await madeUp.context().close();

  // Other addresses are not held up: the admin signs in at once.
  await page.context().clearCookies();
  await signIn(page, admin);
});
