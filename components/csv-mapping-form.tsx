"use client";

import { useId, type FormEvent } from "react";
import { columnNames, columnRoles, type CsvMappingDraft, type DraftErrors, type DraftField } from "@/components/csv-mapping-draft";
import { CsvMappingSample } from "@/components/csv-mapping-sample";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import {
  csvDateFormats,
  csvDelimiterNames,
  csvDelimiters,
  csvEncodingNames,
  csvEncodings,
  csvThousandsNames,
  csvThousandsSeparators,
  type CsvSample,
} from "@/lib/banksync/statement-files/csv/mapping";

export type DraftChange = <K extends DraftField>(field: K, value: CsvMappingDraft[K]) => void;

const encodingOptions = csvEncodings.map((value) => ({ value, label: csvEncodingNames[value] }));
const delimiterOptions = csvDelimiters.map((value) => ({ value, label: csvDelimiterNames[value] }));
const dateFormatOptions = csvDateFormats.map((value) => ({ value, label: value }));
const decimalOptions = [
  { value: ".", label: "Dot (.)" },
  { value: ",", label: "Comma (,)" },
];
const thousandsOptions = csvThousandsSeparators.map((value) => ({ value, label: csvThousandsNames[value] }));

/**
 * The mapping step of a CSV: how to read the file (encoding, delimiter, lines to skip, header) and
 * which column holds what, above a sample of the first rows. Controlled: the dialog keeps the draft,
 * so "Back" from the preview finds it as it was.
 */
export function CsvMappingForm({
  sample,
  draft,
  errors,
  busy,
  reading,
  onChange,
  onPreview,
  onBack,
}: {
  sample: CsvSample;
  draft: CsvMappingDraft;
  errors: DraftErrors;
  /** An upload is under way: nothing can change. */
  busy: boolean;
  /** The sample is being read again: the controls stay usable (focus is kept), Preview waits. */
  reading: boolean;
  onChange: DraftChange;
  onPreview: () => void;
  onBack: () => void;
}) {
  const headerId = useId();
  const amountId = useId();
  const names = columnNames(sample.rows, draft.hasHeader);
  const columns = names.map((label, i) => ({ value: String(i), label }));
  const required = [{ value: "", label: "Choose a column" }, ...columns];
  const optional = [{ value: "", label: "None" }, ...columns];
  const fieldError = (field: DraftField) => (errors[field] ? [errors[field]] : undefined);
  const select = (field: DraftField, label: string, options: { value: string; label: string }[], first = false) => (
    <SelectField
      label={label}
      name={field}
      options={options}
      value={String(draft[field])}
      errors={fieldError(field)}
      disabled={busy}
      data-autofocus={first || undefined}
      onChange={(e) => onChange(field, e.target.value as CsvMappingDraft[typeof field])}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onPreview();
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <fieldset className="grid gap-3 sm:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Reading the file</legend>
        {select("encoding", "Encoding", encodingOptions, true)}
        {select("delimiter", "Delimiter", delimiterOptions)}
        <TextField
          label="Lines to skip"
          name="skipRows"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={draft.skipRows}
          errors={fieldError("skipRows")}
          disabled={busy}
          onChange={(e) => onChange("skipRows", e.target.value)}
        />
        <label htmlFor={headerId} className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
          <input id={headerId} type="checkbox" checked={draft.hasHeader} disabled={busy} onChange={(e) => onChange("hasHeader", e.target.checked)} />
          First row is a header
        </label>
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold text-slate-800">Columns</legend>
        {select("dateColumn", "Date column", required)}
        {select("dateFormat", "Date format", dateFormatOptions)}
        <fieldset role="radiogroup" aria-labelledby={amountId} className="flex flex-col gap-1 sm:col-span-2">
          <legend id={amountId} className="text-sm font-medium text-slate-700">
            Amount
          </legend>
          <div className="flex flex-wrap gap-4 pt-1.5 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="amountKind" value="signed" checked={draft.amountKind === "signed"} disabled={busy} onChange={() => onChange("amountKind", "signed")} />
              One signed column
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="amountKind"
                value="debitCredit"
                checked={draft.amountKind === "debitCredit"}
                disabled={busy}
                onChange={() => onChange("amountKind", "debitCredit")}
              />
              Debit and credit columns
            </label>
          </div>
        </fieldset>
        {draft.amountKind === "signed" ? (
          select("amountColumn", "Amount column", required)
        ) : (
          <>
            {select("debitColumn", "Debit column", required)}
            {select("creditColumn", "Credit column", required)}
          </>
        )}
        {select("decimalSeparator", "Decimal separator", decimalOptions)}
        {select("thousandsSeparator", "Thousands separator", thousandsOptions)}
        {select("labelColumn", "Label column", required)}
        {select("partnerColumn", "Partner column", optional)}
        {select("referenceColumn", "Reference column", optional)}
        {select("accountColumn", "Account number column", optional)}
        {select("currencyColumn", "Currency column", optional)}
      </fieldset>
      <p className="-mt-2 text-xs text-slate-500">
        A reference column lets a second import of the same lines recognize them. Without a currency column, the lines are in the journal&apos;s currency.
      </p>

      <p role="status" className="min-h-5 text-sm text-slate-600">
        {reading ? "Reading the sample again…" : ""}
      </p>
      <CsvMappingSample rows={sample.rows} hasHeader={draft.hasHeader} roles={columnRoles(draft)} />

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button type="submit" disabled={busy || reading}>
          Preview
        </Button>
      </div>
    </form>
  );
}
