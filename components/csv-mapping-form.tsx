"use client";

import { useTranslations } from "next-intl";
import { useId, type FormEvent } from "react";
import { columnNames, columnRoles, type CsvMappingDraft, type DraftErrors, type DraftField } from "@/components/csv-mapping-draft";
import { CsvMappingSample } from "@/components/csv-mapping-sample";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useSay } from "@/components/use-say";
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

// Date layouts are shown as written ("DD.MM.YYYY"): the same in every language.
const dateFormatOptions = csvDateFormats.map((value) => ({ value, label: value }));

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
  const t = useTranslations("CsvMapping");
  const say = useSay();
  const headerId = useId();
  const amountId = useId();
  const names = columnNames(sample.rows, draft.hasHeader, {
    column: (number) => t("column", { number }),
    repeated: (name, number) => t("repeatedColumn", { name, number }),
  });
  const columns = names.map((label, i) => ({ value: String(i), label }));
  const required = [{ value: "", label: t("chooseColumn") }, ...columns];
  const optional = [{ value: "", label: t("none") }, ...columns];
  const encodingOptions = csvEncodings.map((value) => ({ value, label: t(`encodings.${csvEncodingNames[value]}`) }));
  const delimiterOptions = csvDelimiters.map((value) => ({ value, label: t(`delimiters.${csvDelimiterNames[value]}`) }));
  const decimalOptions = [
    { value: ".", label: t("decimals.dot") },
    { value: ",", label: t("decimals.comma") },
  ];
  const thousandsOptions = csvThousandsSeparators.map((value) => ({ value, label: t(`thousands.${csvThousandsNames[value]}`) }));
  const fieldError = (field: DraftField) => {
    const key = errors[field];
    return key ? [say({ key })] : undefined;
  };
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
        <legend className="mb-2 text-sm font-semibold text-slate-800">{t("reading")}</legend>
        {select("encoding", t("encoding"), encodingOptions, true)}
        {select("delimiter", t("delimiter"), delimiterOptions)}
        <TextField
          label={t("skipRows")}
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
          {t("hasHeader")}
        </label>
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-4">
        <legend className="mb-2 text-sm font-semibold text-slate-800">{t("columns")}</legend>
        {select("dateColumn", t("dateColumn"), required)}
        {select("dateFormat", t("dateFormat"), dateFormatOptions)}
        <fieldset role="radiogroup" aria-labelledby={amountId} className="flex flex-col gap-1 sm:col-span-2">
          <legend id={amountId} className="text-sm font-medium text-slate-700">
            {t("amount")}
          </legend>
          <div className="flex flex-wrap gap-4 pt-1.5 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="amountKind" value="signed" checked={draft.amountKind === "signed"} disabled={busy} onChange={() => onChange("amountKind", "signed")} />
              {t("signed")}
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
              {t("debitCredit")}
            </label>
          </div>
        </fieldset>
        {draft.amountKind === "signed" ? (
          select("amountColumn", t("amountColumn"), required)
        ) : (
          <>
            {select("debitColumn", t("debitColumn"), required)}
            {select("creditColumn", t("creditColumn"), required)}
          </>
        )}
        {select("decimalSeparator", t("decimalSeparator"), decimalOptions)}
        {select("thousandsSeparator", t("thousandsSeparator"), thousandsOptions)}
        {select("labelColumn", t("labelColumn"), required)}
        {select("partnerColumn", t("partnerColumn"), optional)}
        {select("referenceColumn", t("referenceColumn"), optional)}
        {select("accountColumn", t("accountColumn"), optional)}
        {select("currencyColumn", t("currencyColumn"), optional)}
      </fieldset>
      <p className="-mt-2 text-xs text-slate-500">{t("hint")}</p>

      <p role="status" className="min-h-5 text-sm text-slate-600">
        {reading ? t("readingAgain") : ""}
      </p>
      <CsvMappingSample rows={sample.rows} hasHeader={draft.hasHeader} roles={columnRoles(draft)} />

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onBack} disabled={busy}>
          {t("back")}
        </Button>
        <Button type="submit" disabled={busy || reading}>
          {t("preview")}
        </Button>
      </div>
    </form>
  );
}
