import { expect, test, type Locator, type Page } from "@playwright/test";
import { journalCard, signIn } from "./helpers";

// Runs in the "banks" project, after foundation.spec.ts: the company and its admin exist. Its own
// journal (a Dutch account added by hand) keeps it apart from the other specs.
test.describe.configure({ mode: "serial" });

const iban = "NL91 ABNA 0417 1643 00";

/** A German bank's export: semicolons, day-first dates, "1.234,56" amounts, an account summary first. */
const statement = [
  "Konto;NL91ABNA0417164300",
  "",
  "Buchungstag;Verwendungszweck;Empfänger;Betrag",
  "01.10.2026;Rent October;Landlord BV;-1.250,00",
  "02.10.2026;Coffee beans;Café Central;-23,40",
  "05.10.2026;Invoice 17;Client SA;2.000,00",
  "",
].join("\r\n");

const file = { name: "october.csv", mimeType: "text/csv", buffer: Buffer.from(statement, "utf-8") };

async function openImport(page: Page) {
  await page.goto("/");
  const card = journalCard(page, iban);
  await card.getByRole("button", { name: /menu$/ }).click();
  await page.getByRole("menuitem", { name: "Import Statement" }).click();
  const dialog = page.getByRole("dialog", { name: "Import Statement" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** The mapping of `statement`: skip the account summary, then say which column holds what. */
async function mapColumns(dialog: Locator) {
  await dialog.getByLabel("Lines to skip").fill("2");
  await dialog.getByLabel("Lines to skip").blur();
  await expect(dialog.getByRole("cell", { name: "Buchungstag" })).toBeVisible();
  await dialog.getByLabel("Date column").selectOption({ label: "Buchungstag" });
  await dialog.getByLabel("Date format").selectOption("DD.MM.YYYY");
  await dialog.getByLabel("One signed column").check();
  await dialog.getByLabel("Amount column").selectOption({ label: "Betrag" });
  await dialog.getByLabel("Decimal separator").selectOption(",");
  await dialog.getByLabel("Thousands separator").selectOption(".");
  await dialog.getByLabel("Label column").selectOption({ label: "Verwendungszweck" });
  await dialog.getByLabel("Partner column").selectOption({ label: "Empfänger" });
}

test("upload a CSV, map its columns, preview, import, and see the lines; the same file again adds nothing", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("menuitem", { name: /Bank/ }).click();
  const add = page.getByRole("dialog", { name: "Add a Bank Account" });
  await add.getByRole("button", { name: "Add new bank" }).click();
  await add.getByLabel("Account Number").fill(iban);
  await add.getByRole("button", { name: "Connect" }).click();
  await expect(add).toBeHidden();
  await expect(journalCard(page, iban).getByText("0 lines")).toBeVisible();

  let dialog = await openImport(page);
  await dialog.getByLabel("Statement file").setInputFiles(file);

  // The mapping step reads the sample: two summary lines to skip, then the header.
  await expect(dialog.getByLabel("Delimiter")).toHaveValue(";");
  await mapColumns(dialog);
  await expect(dialog.getByLabel("First row is a header")).toBeChecked();
  await dialog.getByRole("button", { name: "Preview" }).click();

  await expect(dialog.getByText("3 lines")).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText("To import: 3")).toBeVisible();
  await expect(dialog.getByText("Already imported: 0")).toBeVisible();
  await expect(dialog.getByText("Possible duplicates: 0")).toBeVisible();
  await expect(dialog.getByText("In the locked period (refused): 0")).toBeVisible();
  await expect(dialog.getByRole("cell", { name: "Rent October" })).toBeVisible();
  // Nothing is written before Import.
  await page.goto("/");
  await expect(journalCard(page, iban).getByText("0 lines")).toBeVisible();

  dialog = await openImport(page);
  await dialog.getByLabel("Statement file").setInputFiles(file);
  // The journal remembers nothing yet (no import happened): the mapping is set again, quickly this time.
  await mapColumns(dialog);
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByText("To import: 3")).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "3 transactions imported" })).toBeVisible({ timeout: 30_000 });
  await dialog.getByRole("button", { name: "Close" }).filter({ hasText: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(journalCard(page, iban).getByText("3 lines")).toBeVisible();

  // The journal view lists them as coming from a file, amounts in the locale.
  await page.getByRole("link", { name: iban }).click();
  await expect(page.getByRole("heading", { name: iban })).toBeVisible();
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: "Rent October" })).toContainText("File");
  await expect(rows.filter({ hasText: "Rent October" })).toContainText("1,250.00");
  await expect(rows.filter({ hasText: "Invoice 17" })).toContainText("2,000.00");

  // The same file again: the remembered mapping is offered, and the preview finds every line already there.
  dialog = await openImport(page);
  await dialog.getByLabel("Statement file").setInputFiles(file);
  await expect(dialog.getByLabel("Lines to skip")).toHaveValue("2");
  await expect(dialog.getByLabel("Date format")).toHaveValue("DD.MM.YYYY");
  await dialog.getByRole("button", { name: "Preview" }).click();
  await expect(dialog.getByText("Already imported: 3")).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText("To import: 0")).toBeVisible();
  await expect(dialog.getByText("Nothing to import: every line is already in the journal or locked.")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
});

test("a file for another account is refused with a message naming both", async ({ page }) => {
  await signIn(page);
  const dialog = await openImport(page);
  const ofx = [
    "OFXHEADER:100",
    "DATA:OFXSGML",
    "VERSION:102",
    "SECURITY:NONE",
    "ENCODING:USASCII",
    "CHARSET:1252",
    "COMPRESSION:NONE",
    "OLDFILEUID:NONE",
    "NEWFILEUID:NONE",
    "",
    "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR",
    "<BANKACCTFROM><BANKID>ABNA<ACCTID>DE89370400440532013000<ACCTTYPE>CHECKING</BANKACCTFROM>",
    "<BANKTRANLIST><DTSTART>20261001<DTEND>20261031",
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261003<TRNAMT>-10.00<FITID>X1<NAME>Fee</STMTTRN>",
    "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
  ].join("\n");
  await dialog.getByLabel("Statement file").setInputFiles({ name: "other.ofx", mimeType: "application/x-ofx", buffer: Buffer.from(ofx) });
  await expect(dialog.getByRole("alert")).toContainText(`This file is for account DE89370400440532013000, but the journal “${iban}” is for account ${iban}.`, { timeout: 30_000 });
});
