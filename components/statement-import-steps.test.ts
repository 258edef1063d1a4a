import { NextIntlClientProvider } from "next-intl";
import type { ComponentProps } from "react";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { draftFromSample, type DraftErrors } from "@/components/csv-mapping-draft";
import { CsvMappingForm } from "@/components/csv-mapping-form";
import { StatementImportPreview } from "@/components/statement-import-preview";
import { UploadProgressBar } from "@/components/statement-import-progress";
import type { StatementPreview } from "@/lib/banksync/statement-files/contract";
import type { CsvSample } from "@/lib/banksync/statement-files/csv/mapping";
import en from "@/messages/en";
import ko from "@/messages/ko";

function providerProps(language: "en" | "ko", children: ReactElement): ComponentProps<typeof NextIntlClientProvider> {
  return { locale: language, messages: language === "en" ? en : ko, timeZone: "UTC", children };
}

/** The markup a component gives a reader of `language`, inside the provider the app's layout puts around everything. */
const markup = (element: ReactElement, language: "en" | "ko" = "en") =>
  renderToStaticMarkup(createElement(NextIntlClientProvider, providerProps(language, element)));

/** The markup's text, tags dropped, entities of the apostrophe undone: what a reader sees. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
const noop = () => undefined;

const preview: StatementPreview = {
  importId: "imp-1",
  fileName: "march.xml",
  format: "camt053",
  accountNumber: null,
  currency: "EUR",
  lines: 3,
  pending: 1,
  firstDate: "2026-03-01",
  lastDate: "2026-03-03",
  totalMinor: "5000",
  existing: 1,
  possibleDuplicates: 1,
  locked: 0,
  lockDate: null,
  toImport: 2,
  sample: [
    { date: "2026-03-01", amountMinor: "-1250", currency: "EUR", label: "Rent", partnerName: "Landlord", status: "existing" },
    { date: "2026-03-02", amountMinor: "6250", currency: "EUR", label: "Invoice 7", partnerName: null, status: "duplicate" },
    { date: "2026-03-03", amountMinor: "0", currency: "EUR", label: "Fee", partnerName: null, status: "new" },
    { date: "2026-03-04", amountMinor: "-99", currency: "EUR", label: "Card", partnerName: null, status: "pending" },
  ],
};

const renderPreview = (p: StatementPreview, importing = false, language: "en" | "ko" = "en") =>
  markup(createElement(StatementImportPreview, { preview: p, locale: language === "en" ? "en-US" : "ko-KR", importing, onImport: noop, onBack: noop }), language);

const importButton = (html: string) => /<button[^>]*>Import<\/button>/.exec(html)?.[0] ?? "";

describe("StatementImportPreview", () => {
  it("shows the summary and each line's status, and offers Import", () => {
    const html = renderPreview(preview);
    const text = textOf(html);
    for (const phrase of ["3 lines", "Total €50.00", "To import: 2", "Already imported: 1", "Possible duplicates: 1", "Pending (not imported): 1"]) {
      expect(text).toContain(phrase);
    }
    expect(text).toContain("They will be imported and flagged for review.");
    for (const badge of [">Already imported<", ">Possible duplicate<", ">New<", ">Pending<"]) expect(html).toContain(badge);
    expect(text).toContain("-€12.50");
    expect(importButton(html)).not.toContain(`disabled=""`);
  });

  it("speaks Korean to a Korean reader", () => {
    const html = renderPreview(preview, true, "ko");
    for (const phrase of ["3개 줄", "가져올 거래: 2", "중복 가능성: 1", ">이미 가져옴<", ">가져오기<", "2개 줄을 가져오는 중…"]) expect(html).toContain(phrase);
  });

  it("refuses to import nothing, and says why", () => {
    const html = renderPreview({ ...preview, toImport: 0 });
    expect(importButton(html)).toContain(`disabled=""`);
    expect(textOf(html)).toContain("Nothing to import: every line is already in the journal or locked.");
  });

  it("shows an indeterminate bar and waits while importing", () => {
    const html = renderPreview(preview, true);
    expect(textOf(html)).toContain("Importing 2 lines…");
    expect(html).toMatch(/role="progressbar"/);
    expect(html).not.toContain("aria-valuenow");
    expect(importButton(html)).toContain(`disabled=""`);
  });
});

describe("UploadProgressBar", () => {
  it("shows the percent sent, then that the server reads the file", () => {
    const sending = markup(createElement(UploadProgressBar, { progress: { phase: "sending", percent: 45 } }));
    expect(textOf(sending)).toContain("Uploading… 45%");
    expect(sending).toContain('aria-valuenow="45"');
    const reading = markup(createElement(UploadProgressBar, { progress: { phase: "reading" } }));
    expect(textOf(reading)).toContain("Reading the file…");
    expect(reading).not.toContain("aria-valuenow");
  });
});

describe("CsvMappingForm", () => {
  const sample: CsvSample = {
    encoding: "utf-8",
    delimiter: ",",
    rows: [
      ["Date", "Text", "Amount"],
      ["2026-03-01", "Rent", "-12.50"],
    ],
    mapping: null,
  };
  const render = (over: Partial<ReturnType<typeof draftFromSample>> = {}, errors: DraftErrors = {}) =>
    markup(
      createElement(CsvMappingForm, {
        sample,
        draft: { ...draftFromSample(sample), ...over },
        errors,
        busy: false,
        reading: false,
        onChange: noop,
        onPreview: noop,
        onBack: noop,
      }),
    );
  const labels = (html: string) => [...html.matchAll(/<label[^>]*>(?:<input[^>]*>)?([^<]+)</g)].map((m) => m[1]);

  it("labels every control with the words the user looks for", () => {
    expect(labels(render())).toEqual([
      "Encoding",
      "Delimiter",
      "Lines to skip",
      "First row is a header",
      "Date column",
      "Date format",
      "One signed column",
      "Debit and credit columns",
      "Amount column",
      "Decimal separator",
      "Thousands separator",
      "Label column",
      "Partner column",
      "Reference column",
      "Account number column",
      "Currency column",
    ]);
    expect(labels(render({ amountKind: "debitCredit" }))).toEqual(expect.arrayContaining(["Debit column", "Credit column"]));
    expect(labels(render({ amountKind: "debitCredit" }))).not.toContain("Amount column");
  });

  it("names columns by the header cells, or by number without a header, and highlights the header row", () => {
    const withHeader = render({ dateColumn: "0" });
    expect(withHeader).toContain('<option value="0" selected="">Date</option>');
    expect(withHeader).toContain("data-header");
    const without = render({ hasHeader: false });
    expect(without).toContain('<option value="0">Column 1</option>');
    expect(without).not.toContain("data-header");
  });

  it("marks the chosen columns in the sample's headings", () => {
    const html = render({ dateColumn: "0", amountColumn: "2", labelColumn: "1" });
    expect(textOf(html)).toMatch(/Column 1 Date Column 2 Label Column 3 Amount/);
  });

  it("shows a field's error next to it", () => {
    const html = render({}, { dateColumn: "CsvMapping.errors.dateColumn" });
    expect(textOf(html)).toMatch(/Date column Choose a column .*Choose the date column\. Date format/);
    expect(html).toContain('aria-invalid="true"');
  });
});
