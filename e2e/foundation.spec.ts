import { expect, test, type Page, type Request } from "@playwright/test";
import { admin, signIn, viewer, waitForCatalog } from "./helpers";

// One story on one fresh installation, in order: each step builds on the previous one.
test.describe.configure({ mode: "serial" });

const iban = "BE68 5390 0754 7034";

async function signOut(page: Page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

let addLineCall: { action: string; contentType: string; body: Buffer } | undefined;

test("a new installation leads to /setup, which creates the company and its admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/settings/lock-dates");
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Company name").fill("Acme <b>SPRL</b>");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("A password has at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue("Acme <b>SPRL</b>");

  await page.getByLabel("Country").selectOption("BE");
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Accounting Dashboard" })).toBeVisible();
  // HTML typed into a field is shown as text.
  await expect(page.getByText("Acme <b>SPRL</b>")).toBeVisible();

  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});

test("New → Bank → Add new bank creates a journal named after the account number", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, admin);
  // The catalog's first fill writes 26,000 banks in one transaction, which holds the embedded database's
  // one connection for seconds: on a loaded machine the next action would wait past the assertion timeout.
  await waitForCatalog(page);
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("menuitem", { name: /Bank/ }).click();
  const dialog = page.getByRole("dialog", { name: "Add a Bank Account" });
  await dialog.getByRole("button", { name: "Add new bank" }).click();

  await dialog.getByLabel("Account Number").fill("BE68 5390 0754 7035");
  await dialog.getByLabel("SWIFT Code").fill("NOPE");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByText("is not a valid IBAN")).toBeVisible();
  await expect(dialog.getByText("is not a valid SWIFT code")).toBeVisible();

  await dialog.getByLabel("Account Number").fill(iban);
  await dialog.getByLabel("Bank").fill("KBC Bank");
  await dialog.getByLabel("SWIFT Code").fill("KREDBEBB");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByRole("article", { name: iban });
  await expect(card).toBeVisible();
  await expect(card.getByText("0 lines")).toBeVisible();
  // The balance chart is drawn by the browser: the server sends its box and a summary for screen readers.
  await expect(card.getByRole("figure", { name: "Balance over the last 30 days" }).locator("svg .recharts-area-curve")).toHaveCount(1);

  await page.getByRole("button", { name: "Search over 26,000 banks" }).click();
  await dialog.getByRole("button", { name: "Add new bank" }).click();
  await dialog.getByLabel("Account Number").fill("be68539007547034");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByText("A bank account with this number already exists in the company.")).toBeVisible();
  await expect(dialog.getByLabel("Account Number")).toHaveValue("be68539007547034");
});

test("the lock date refuses a manual line dated before it, with a message", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/settings/lock-dates");
  await page.getByLabel("Lock Everything").fill("2025-12-31");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Lock dates saved.")).toBeVisible();

  await page.goto("/");
  await page.getByRole("link", { name: iban }).click();
  await expect(page.getByRole("heading", { name: iban })).toBeVisible();
  const form = page.getByRole("form", { name: "Add a line" });
  await form.getByLabel("Date").fill("2025-12-15");
  await form.getByLabel("Label").fill("Year-end fee");
  await form.getByLabel(/Amount/).fill("1,2.3");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText('"1,2.3" is not an amount.')).toBeVisible();

  await form.getByLabel(/Amount/).fill("-12.50");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.getByText(/The period up to 2025-12-31 is locked/).first()).toBeVisible();
  await expect(form.getByLabel("Label")).toHaveValue("Year-end fee");
  await expect(page.getByText("No statement lines yet.")).toBeVisible();

  const captured = page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await form.getByLabel("Date").fill("2026-01-15");
  await form.getByLabel("Label").fill("<script>alert(1)</script>");
  await form.getByRole("button", { name: "Add" }).click();
  const request = await captured;
  addLineCall = { action: request.headers()["next-action"]!, contentType: request.headers()["content-type"]!, body: request.postDataBuffer()! };
  const row = page.getByRole("row", { name: /<script>alert\(1\)<\/script>/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell", { name: "-€12.50" }).first()).toBeVisible();
});

test("admins add users with a role", async ({ page }) => {
  await signIn(page, admin);
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(viewer.email);
  await form.getByLabel("Password").fill(viewer.password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${viewer.email} can now sign in.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`${viewer.email}.*viewer`, "i") })).toBeVisible();
});

test("a viewer sees no New button, and its forged server-action call is refused", async ({ page, baseURL }) => {
  expect(addLineCall).toBeDefined();
  await signIn(page, viewer);
  await expect(page.getByRole("article", { name: iban })).toBeVisible();
  await expect(page.getByRole("button", { name: "New" })).toHaveCount(0);
  await page.getByRole("link", { name: iban }).click();
  await expect(page.getByRole("form", { name: "Add a line" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /<script>/ })).toHaveCount(1);

  const journalUrl = page.url();
  const response = await page.request.post(journalUrl, {
    headers: { "next-action": addLineCall!.action, "content-type": addLineCall!.contentType, accept: "text/x-component", origin: baseURL! },
    data: addLineCall!.body,
  });
  expect(await response.text()).toContain("Viewers can read but not change anything.");
  await page.reload();
  await expect(page.getByRole("row", { name: /<script>/ })).toHaveCount(1);
});

test("developer mode: ?debug=1 shows Configuration ‣ Online Synchronization, the user menu turns it off", async ({ page }) => {
  await signIn(page, admin);
  await expect(page.getByRole("link", { name: "Online Synchronization" })).toHaveCount(0);
  await page.goto("/?debug=1");
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole("link", { name: "Online Synchronization" }).click();
  await expect(page.getByRole("heading", { name: "Online Synchronization" })).toBeVisible();
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Deactivate developer mode" }).click();
  await expect(page.getByRole("link", { name: "Online Synchronization" })).toHaveCount(0);
  await page.getByRole("button", { name: "User menu" }).click();
  await expect(page.getByRole("menuitem", { name: "Activate developer mode" })).toBeVisible();
  await page.keyboard.press("Escape");
});

test("an unknown journal answers 404; signing out then opening / leads to /login", async ({ page }) => {
  await signIn(page, admin);
  const response = await page.goto("/journals/00000000-0000-4000-8000-000000000000/reconciliation");
  expect(response?.status()).toBe(404);
  await page.goto("/");
  await signOut(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(admin.email);
});
