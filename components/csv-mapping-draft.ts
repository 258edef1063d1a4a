import type { MessageKey } from "@/i18n/message";
import {
  csvMappingSchema,
  type CsvDateFormat,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvMapping,
  type CsvSample,
  type csvDecimalSeparators,
  type csvThousandsSeparators,
} from "@/lib/banksync/statement-files/csv/mapping";

/**
 * The CSV mapping form as the user edits it. Column choices are the select's values: a column
 * number as text, "" when none is chosen ("None" for the optional ones).
 */
export type CsvMappingDraft = {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  skipRows: string;
  hasHeader: boolean;
  dateColumn: string;
  dateFormat: CsvDateFormat;
  amountKind: "signed" | "debitCredit";
  amountColumn: string;
  debitColumn: string;
  creditColumn: string;
  decimalSeparator: (typeof csvDecimalSeparators)[number];
  thousandsSeparator: (typeof csvThousandsSeparators)[number];
  labelColumn: string;
  partnerColumn: string;
  referenceColumn: string;
  accountColumn: string;
  currencyColumn: string;
};

export type DraftField = keyof CsvMappingDraft;
/** A field's error as a catalog key (the form says it in the user's language). */
export type DraftErrors = Partial<Record<DraftField, MessageKey>>;

const columnFields = [
  "dateColumn",
  "amountColumn",
  "debitColumn",
  "creditColumn",
  "labelColumn",
  "partnerColumn",
  "referenceColumn",
  "accountColumn",
  "currencyColumn",
] as const satisfies readonly DraftField[];

const choiceFields = ["hasHeader", "dateFormat", "amountKind", "decimalSeparator", "thousandsSeparator"] as const satisfies readonly DraftField[];

const columnText = (column: number | null | undefined) => (column === null || column === undefined ? "" : String(column));

/** The form's starting point: the sample's remembered or guessed mapping, else empty column choices. */
export function draftFromSample(sample: CsvSample): CsvMappingDraft {
  const m = sample.mapping;
  const amount = m?.amount;
  return {
    encoding: sample.encoding,
    delimiter: sample.delimiter,
    skipRows: String(m?.skipRows ?? 0),
    hasHeader: m?.hasHeader ?? true,
    dateColumn: columnText(m?.dateColumn),
    dateFormat: m?.dateFormat ?? "YYYY-MM-DD",
    amountKind: amount?.kind ?? "signed",
    amountColumn: amount?.kind === "signed" ? columnText(amount.column) : "",
    debitColumn: amount?.kind === "debitCredit" ? columnText(amount.debitColumn) : "",
    creditColumn: amount?.kind === "debitCredit" ? columnText(amount.creditColumn) : "",
    decimalSeparator: m?.decimalSeparator ?? ".",
    thousandsSeparator: m?.thousandsSeparator ?? "",
    labelColumn: columnText(m?.labelColumn),
    partnerColumn: columnText(m?.partnerColumn),
    referenceColumn: columnText(m?.referenceColumn),
    accountColumn: columnText(m?.accountColumn),
    currencyColumn: columnText(m?.currencyColumn),
  };
}

/** How many columns the sample has: its widest row. */
export function columnCount(rows: readonly (readonly string[])[]): number {
  return rows.reduce((widest, row) => Math.max(widest, row.length), 0);
}

/** How the user's language words a column without a header ("Column 3") and a header cell that two columns share ("Amount (column 3)"). */
export type ColumnWords = { column(number: number): string; repeated(name: string, number: number): string };

/**
 * The columns' names for the selects and the sample's headings: the header cell when the first row
 * is a header (with its number when two cells read alike), else "Column 1", "Column 2"…
 */
export function columnNames(rows: readonly (readonly string[])[], hasHeader: boolean, words: ColumnWords): string[] {
  const header = hasHeader ? (rows[0] ?? []) : [];
  const cells = Array.from({ length: columnCount(rows) }, (_, i) => header[i]?.trim() ?? "");
  return cells.map((cell, i) => {
    if (cell === "") return words.column(i + 1);
    return cells.indexOf(cell) !== cells.lastIndexOf(cell) ? words.repeated(cell, i + 1) : cell;
  });
}

/**
 * The draft after the sample was read again (other encoding, delimiter or lines to skip): what the
 * user chose stays when it still fits the new columns; the rest follows the new sample's mapping.
 */
export function refreshDraft(draft: CsvMappingDraft, touched: ReadonlySet<DraftField>, sample: CsvSample): CsvMappingDraft {
  const guess = draftFromSample(sample);
  const count = columnCount(sample.rows);
  const next: CsvMappingDraft = { ...draft, encoding: sample.encoding, delimiter: sample.delimiter };
  for (const field of columnFields) {
    const mine = draft[field];
    const fits = mine === "" || Number(mine) < count;
    if (touched.has(field) && fits) continue;
    next[field] = sample.mapping ? guess[field] : fits ? mine : "";
  }
  if (sample.mapping) {
    for (const field of choiceFields) {
      if (!touched.has(field)) Object.assign(next, { [field]: guess[field] });
    }
  }
  return next;
}

/** The roles a column can play, as the catalog names them (`CsvMapping.roles.*`). */
export type ColumnRole = "date" | "amount" | "debit" | "credit" | "label" | "partner" | "reference" | "account" | "currency";

/** Which role each column plays in the draft, for the sample's headings: column number → ["date"], … */
export function columnRoles(draft: CsvMappingDraft): Map<number, ColumnRole[]> {
  const roles = new Map<number, ColumnRole[]>();
  const mark = (value: string, role: ColumnRole) => {
    if (value === "") return;
    const column = Number(value);
    roles.set(column, [...(roles.get(column) ?? []), role]);
  };
  mark(draft.dateColumn, "date");
  if (draft.amountKind === "signed") mark(draft.amountColumn, "amount");
  else {
    mark(draft.debitColumn, "debit");
    mark(draft.creditColumn, "credit");
  }
  mark(draft.labelColumn, "label");
  mark(draft.partnerColumn, "partner");
  mark(draft.referenceColumn, "reference");
  mark(draft.accountColumn, "account");
  mark(draft.currencyColumn, "currency");
  return roles;
}

const fieldMessages: DraftErrors = {
  skipRows: "CsvMapping.errors.skipRows",
  dateColumn: "CsvMapping.errors.dateColumn",
  amountColumn: "CsvMapping.errors.amountColumn",
  debitColumn: "CsvMapping.errors.debitColumn",
  creditColumn: "CsvMapping.errors.creditColumn",
  labelColumn: "CsvMapping.errors.labelColumn",
};

/** The schema's own refinements carry their catalog key as their message (csvMappingSchema). */
function isCatalogKey(text: string): text is MessageKey {
  return text.startsWith("CsvMapping.");
}

function issueField(path: readonly PropertyKey[]): DraftField {
  const [first, second] = path;
  if (first === "amount") return second === "debitColumn" ? "debitColumn" : second === "creditColumn" ? "creditColumn" : "amountColumn";
  return first as DraftField;
}

/**
 * Checks the draft with the mapping's schema (the server checks it again): the mapping to upload
 * with, or one message per field that is wrong.
 */
export function readDraft(draft: CsvMappingDraft): { ok: true; mapping: CsvMapping } | { ok: false; errors: DraftErrors } {
  const column = (value: string) => (value === "" ? undefined : Number(value));
  const optional = (value: string) => (value === "" ? null : Number(value));
  const skip = draft.skipRows.trim();
  const parsed = csvMappingSchema.safeParse({
    encoding: draft.encoding,
    delimiter: draft.delimiter,
    skipRows: /^\d+$/.test(skip) ? Number(skip) : undefined,
    hasHeader: draft.hasHeader,
    dateColumn: column(draft.dateColumn),
    dateFormat: draft.dateFormat,
    amount:
      draft.amountKind === "signed"
        ? { kind: "signed", column: column(draft.amountColumn) }
        : { kind: "debitCredit", debitColumn: column(draft.debitColumn), creditColumn: column(draft.creditColumn) },
    decimalSeparator: draft.decimalSeparator,
    thousandsSeparator: draft.thousandsSeparator,
    labelColumn: column(draft.labelColumn),
    partnerColumn: optional(draft.partnerColumn),
    referenceColumn: optional(draft.referenceColumn),
    accountColumn: optional(draft.accountColumn),
    currencyColumn: optional(draft.currencyColumn),
  });
  const errors: DraftErrors = {};
  for (const issue of parsed.error?.issues ?? []) {
    const field = issueField(issue.path);
    const own = issue.code === "custom" && isCatalogKey(issue.message) ? issue.message : undefined;
    errors[field] ??= own ?? fieldMessages[field] ?? "CsvMapping.errors.invalid";
  }
  if (draft.amountKind === "debitCredit" && draft.debitColumn !== "" && draft.debitColumn === draft.creditColumn) {
    errors.creditColumn ??= "CsvMapping.errors.sameDebitCredit";
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, mapping: parsed.data };
  return { ok: false, errors };
}
