import { expect, test } from "@playwright/test";
import { openAddBankAccount as openDialog, signIn, waitForCatalog } from "./helpers";

// Runs after foundation.spec.ts on the same server: the company (country BE) and its admin exist, and the
// catalog job has filled the institutions from the sandbox.
test.describe.configure({ mode: "serial" });

test("search tolerates a typo and shows the provider choice before Connect", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await waitForCatalog(page);
  const dialog = await openDialog(page);
  await expect(dialog.getByLabel("Country")).toHaveValue("BE");
  await expect(dialog.getByLabel("Country").locator("option", { hasText: "All countries" })).toHaveCount(1);

  const search = dialog.getByRole("combobox", { name: "Search" });
  await expect(search).toBeFocused();
  await search.fill("sandbox bnak");
  const results = dialog.getByRole("listbox", { name: "Institutions" });
  await expect(results.getByRole("option").first()).toContainText("Sandbox Bank");
  await expect(results.getByRole("option").first()).toHaveAttribute("aria-selected", "true");

  // "Add new bank" stays after the results.
  const addNew = dialog.getByRole("button", { name: "Add new bank" });
  const listBox = await results.boundingBox();
  const addNewBox = await addNew.boundingBox();
  expect(addNewBox!.y).toBeGreaterThan(listBox!.y + listBox!.height - 1);

  await results.getByRole("option").filter({ hasText: /^Sandbox Bank/ }).first().click();
  const provider = dialog.getByLabel("Provider");
  await expect(provider).toHaveValue("gocardless");
  await expect(provider.locator("option")).toHaveText(["GoCardless (default)", "Salt Edge", "Enable Banking"]);
  await provider.selectOption("saltedge");
  await expect(dialog.getByLabel("Type of account")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Connect" })).toBeEnabled();

  // Back keeps the search.
  await dialog.getByRole("button", { name: "Back" }).click();
  await expect(dialog.getByRole("combobox", { name: "Search" })).toHaveValue("sandbox bnak");
});

test("the keyboard moves through the results, Enter chooses, Escape closes", async ({ page }) => {
  await signIn(page);
  const dialog = await openDialog(page);
  const search = dialog.getByRole("combobox", { name: "Search" });
  await search.fill("sandbox");
  const options = dialog.getByRole("listbox", { name: "Institutions" }).getByRole("option");
  await expect(options).toHaveCount(11); // the Belgian sandbox banks; Sandbox US Bank is in the US

  await search.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "false");
  const secondId = await options.nth(1).getAttribute("id");
  await expect(search).toHaveAttribute("aria-activedescendant", secondId!);
  await search.press("ArrowDown");
  await search.press("ArrowUp");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  // Alphabetical: "Sandbox 90-Day Bank", then "Sandbox Bank".
  await expect(options.nth(1)).toContainText("Sandbox Bank");

  await search.press("Enter");
  await expect(dialog.getByText("Sandbox Bank", { exact: true })).toBeVisible();
  await expect(dialog.getByLabel("Provider")).toHaveValue("gocardless");
  await expect(dialog.getByRole("button", { name: "Connect" })).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("beta institutions carry a Beta badge; another country and All countries change the results", async ({ page }) => {
  await signIn(page);
  const dialog = await openDialog(page);
  const search = dialog.getByRole("combobox", { name: "Search" });
  const results = dialog.getByRole("listbox", { name: "Institutions" });

  await search.fill("sandbox");
  const beta = results.getByRole("option").filter({ hasText: "Sandbox Beta Bank" });
  await expect(beta).toBeVisible();
  await expect(beta.getByText("Beta", { exact: true })).toBeVisible();
  await expect(results.getByRole("option").filter({ hasText: /^Sandbox Bank/ }).getByText("Beta", { exact: true })).toHaveCount(0);

  await search.fill("Sandbox US Bank");
  await expect(results.getByRole("option").filter({ hasText: "Sandbox US Bank" })).toHaveCount(0);
  await dialog.getByLabel("Country").selectOption("all");
  await expect(results.getByRole("option").filter({ hasText: "Sandbox US Bank" })).toBeVisible();
  await dialog.getByLabel("Country").selectOption("US");
  await expect(results.getByRole("option").first()).toContainText("Sandbox US Bank");

  // A BIC finds its bank.
  await dialog.getByLabel("Country").selectOption("all");
  await search.fill("SBXBBEBB");
  await expect(results.getByRole("option").first()).toContainText("Sandbox Bank");

  await dialog.getByRole("button", { name: "Add new bank" }).click();
  await expect(dialog.getByLabel("Account Number")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
