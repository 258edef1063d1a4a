"use client";

import { useTranslations } from "next-intl";
import type { MissingRow } from "@/app/(app)/journals/[id]/reconciliation/missing-actions";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

function StatusBadge({ status }: { status: MissingRow["status"] }) {
  const t = useTranslations("FindMissing.results");
  return status === "posted" ? (
    <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">{t("posted")}</span>
  ) : (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("pending")}</span>
  );
}

/**
 * The transactions the bank has and the journal lacks, one checkbox each. Pending rows are shown
 * but cannot be chosen: the bank may still change or drop them.
 */
export function FindMissingResults({
  rows,
  selected,
  onSelectedChange,
  locale,
  busy,
}: {
  rows: MissingRow[];
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
  locale: string;
  busy: boolean;
}) {
  const t = useTranslations("FindMissing.results");
  const tLines = useTranslations("StatementLines");
  const pendingHint = t("pendingHint");
  const posted = rows.filter((r) => r.status === "posted");
  const allChosen = posted.length > 0 && posted.every((r) => selected.has(r.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelectedChange(next);
  };
  return (
    <div className={`max-h-80 overflow-auto rounded-md border border-slate-200 ${busy ? "opacity-60" : ""}`}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="w-8 px-2 py-2">
              <input
                type="checkbox"
                aria-label={t("selectAll")}
                checked={allChosen}
                disabled={posted.length === 0 || busy}
                onChange={(e) => onSelectedChange(e.target.checked ? new Set(posted.map((r) => r.id)) : new Set())}
              />
            </th>
            <th scope="col" className="px-2 py-2">
              {tLines("columns.date")}
            </th>
            <th scope="col" className="px-2 py-2">
              {tLines("columns.label")}
            </th>
            <th scope="col" className="px-2 py-2">
              {tLines("columns.partner")}
            </th>
            <th scope="col" className="px-2 py-2">
              {tLines("columns.accountNumber")}
            </th>
            <th scope="col" className="px-2 py-2 text-right">
              {tLines("columns.amount")}
            </th>
            <th scope="col" className="px-2 py-2">
              {tLines("columns.status")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const pending = row.status === "pending";
            const amount = BigInt(row.amountMinor);
            return (
              <tr key={row.id} className="border-t border-slate-100" title={pending ? pendingHint : undefined}>
                <td className="px-2 py-1.5">
                  <input
                    type="checkbox"
                    // The day as the bank gave it (YYYY-MM-DD), which the end-to-end tests name the row by.
                    aria-label={t("selectRow", { label: row.label, date: row.date })}
                    title={pending ? pendingHint : undefined}
                    checked={selected.has(row.id)}
                    disabled={pending || busy}
                    onChange={(e) => toggle(row.id, e.target.checked)}
                  />
                </td>
                <td className="whitespace-nowrap px-2 py-1.5">{formatDate(row.date, locale)}</td>
                <td className="max-w-48 break-words px-2 py-1.5">{row.label}</td>
                <td className="px-2 py-1.5">{row.partner ?? ""}</td>
                <td className="break-all px-2 py-1.5 font-mono text-xs">{row.counterpartAccount ?? ""}</td>
                <td className={`whitespace-nowrap px-2 py-1.5 text-right tabular-nums ${amount < 0n ? "text-red-700" : ""}`}>
                  {formatMoney(amount, row.currency, locale)}
                </td>
                <td className="px-2 py-1.5">
                  <StatusBadge status={row.status} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
