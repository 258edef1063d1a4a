import { ProgressBar } from "@/components/statement-import-progress";
import { previewFacts, statusNames } from "@/components/statement-import-summary";
import { Button } from "@/components/ui/button";
import type { PreviewLineStatus, StatementPreview } from "@/lib/banksync/statement-files/contract";
import { statementFormatNames } from "@/lib/banksync/statement-files/types";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export const nothingToImport = "Nothing to import: every line is already in the journal or locked.";

const badgeColors: Record<PreviewLineStatus, string> = {
  new: "bg-green-100 text-green-800",
  existing: "bg-slate-100 text-slate-700",
  duplicate: "bg-amber-100 text-amber-900",
  locked: "bg-red-100 text-red-800",
  pending: "bg-sky-100 text-sky-800",
};

/**
 * What the staged file would do, before anything is written: the counts, the first lines with
 * where each stands, and "Import". While importing, the buttons wait and a bar says so.
 */
export function StatementImportPreview({
  preview,
  locale,
  importing,
  onImport,
  onBack,
}: {
  preview: StatementPreview;
  locale: string;
  importing: boolean;
  onImport: () => void;
  onBack: () => void;
}) {
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        {preview.fileName} · {statementFormatNames[preview.format]}
      </p>
      <ul aria-label="Summary" className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-2">
        {previewFacts(preview, locale).map((fact) => (
          <li key={fact.text}>
            <span className="font-medium text-slate-800">{fact.text}</span>
            {fact.hint ? <span className="block text-xs text-slate-500">{fact.hint}</span> : null}
          </li>
        ))}
      </ul>

      {preview.sample.length > 0 ? (
        <div className="max-h-80 overflow-auto rounded-md border border-slate-200">
          <table className="w-full text-sm">
            <caption className="sr-only">Lines of the file</caption>
            <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2">Date</th>
                <th scope="col" className="px-2 py-2">Label</th>
                <th scope="col" className="px-2 py-2">Partner</th>
                <th scope="col" className="px-2 py-2 text-right">Amount</th>
                <th scope="col" className="px-2 py-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((line, index) => {
                const amount = BigInt(line.amountMinor);
                return (
                  <tr key={index} className="border-t border-slate-100">
                    <td className="whitespace-nowrap px-2 py-1.5">{formatDate(line.date, locale)}</td>
                    <td className="max-w-64 break-words px-2 py-1.5">{line.label}</td>
                    <td className="px-2 py-1.5">{line.partnerName ?? ""}</td>
                    <td className={`whitespace-nowrap px-2 py-1.5 text-right tabular-nums ${amount < 0n ? "text-red-700" : ""}`}>
                      {formatMoney(amount, line.currency, locale)}
                    </td>
                    <td className="px-2 py-1.5">
                      <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${badgeColors[line.status]}`}>{statusNames[line.status]}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.sample.length < preview.lines + preview.pending ? (
        <p className="text-xs text-slate-500">
          The first {count(preview.sample.length)} of {count(preview.lines + preview.pending)} lines.
        </p>
      ) : null}

      {preview.toImport === 0 ? <p className="text-sm text-slate-700">{nothingToImport}</p> : null}
      {importing ? <ProgressBar name="Import" label={`Importing ${count(preview.toImport)} ${preview.toImport === 1 ? "line" : "lines"}…`} percent={null} /> : null}

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onBack} disabled={importing} data-autofocus={preview.toImport === 0 || undefined}>
          Back
        </Button>
        <Button onClick={onImport} disabled={importing || preview.toImport === 0} aria-busy={importing} data-autofocus={preview.toImport > 0 || undefined}>
          Import
        </Button>
      </div>
    </div>
  );
}
