import { useTranslations } from "next-intl";
import { ProgressBar } from "@/components/statement-import-progress";
import { previewFacts } from "@/components/statement-import-summary";
import { Button } from "@/components/ui/button";
import { useSay } from "@/components/use-say";
import type { PreviewLineStatus, StatementPreview } from "@/lib/banksync/statement-files/contract";
import { statementFormatNames } from "@/lib/banksync/statement-files/types";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

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
  const t = useTranslations("StatementImport");
  const say = useSay();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        {preview.fileName} · {statementFormatNames[preview.format]}
      </p>
      <ul aria-label={t("preview.summary")} className="grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-2">
        {previewFacts(preview, locale).map((fact) => (
          <li key={fact.text.key}>
            <span className="font-medium text-slate-800">{say(fact.text)}</span>
            {fact.hint ? <span className="block text-xs text-slate-500">{say(fact.hint)}</span> : null}
          </li>
        ))}
      </ul>

      {preview.sample.length > 0 ? (
        <div className="max-h-80 overflow-auto rounded-md border border-slate-200">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("preview.caption")}</caption>
            <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2">{t("preview.date")}</th>
                <th scope="col" className="px-2 py-2">{t("preview.label")}</th>
                <th scope="col" className="px-2 py-2">{t("preview.partner")}</th>
                <th scope="col" className="px-2 py-2 text-right">{t("preview.amount")}</th>
                <th scope="col" className="px-2 py-2">{t("preview.status")}</th>
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
                      <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${badgeColors[line.status]}`}>{t(`status.${line.status}`)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.sample.length < preview.lines + preview.pending ? (
        <p className="text-xs text-slate-500">{t("preview.firstLines", { shown: count(preview.sample.length), total: count(preview.lines + preview.pending) })}</p>
      ) : null}

      {preview.toImport === 0 ? <p className="text-sm text-slate-700">{t("preview.nothingToImport")}</p> : null}
      {importing ? (
        <ProgressBar name={t("progress.import")} label={t("progress.importing", { count: preview.toImport, n: count(preview.toImport) })} percent={null} />
      ) : null}

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onBack} disabled={importing} data-autofocus={preview.toImport === 0 || undefined}>
          {t("preview.back")}
        </Button>
        <Button onClick={onImport} disabled={importing || preview.toImport === 0} aria-busy={importing} data-autofocus={preview.toImport > 0 || undefined}>
          {t("preview.import")}
        </Button>
      </div>
    </div>
  );
}
