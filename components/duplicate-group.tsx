"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import type { ReviewGroup, ReviewLine } from "@/app/(app)/journals/[id]/reconciliation/duplicate-actions";
import { Button } from "@/components/ui/button";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

/** Why a line cannot be chosen for deletion, said on its disabled checkbox. */
function blockedReason(line: ReviewLine): "blockedReconciled" | "blockedLocked" | null {
  if (line.reconciled) return "blockedReconciled";
  if (line.locked) return "blockedLocked";
  return null;
}

/** One group of look-alike lines in the duplicate review: choose the real duplicates, or say it is none. */
export function DuplicateGroup({
  group,
  position,
  count,
  locale,
  selected,
  busy,
  onToggle,
  onDismiss,
}: {
  group: ReviewGroup;
  position: number;
  count: number;
  locale: string;
  selected: ReadonlySet<string>;
  busy: boolean;
  onToggle: (lineId: string) => void;
  onDismiss: () => void;
}) {
  const t = useTranslations("Duplicates.group");
  const tLines = useTranslations("StatementLines");
  const tJournal = useTranslations("Journal");
  const headingId = useId();
  const money = (minor: string) => formatMoney(BigInt(minor), group.currency, locale);
  return (
    <section role="group" aria-labelledby={headingId} className="rounded-lg border border-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2">
        <h3 id={headingId} className="text-sm font-semibold">
          {t("heading", { position, count, date: formatDate(group.date, locale), amount: money(group.amountMinor) })}
        </h3>
        <Button variant="secondary" onClick={onDismiss} disabled={busy}>
          {t("notDuplicate")}
        </Button>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-1.5">
                <span className="sr-only">{tLines("table.select")}</span>
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.date")}
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.label")}
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.partner")}
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.accountNumber")}
              </th>
              <th scope="col" className="px-2 py-1.5 text-right">
                {tLines("columns.amount")}
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.source")}
              </th>
              <th scope="col" className="px-2 py-1.5">
                {tLines("columns.onlineId")}
              </th>
            </tr>
          </thead>
          <tbody>
            {group.lines.map((line) => {
              const reason = blockedReason(line);
              return (
                <tr key={line.id} className="border-t border-slate-100 align-top">
                  <td className="px-2 py-1.5">
                    <input
                      type="checkbox"
                      className="size-4 accent-brand"
                      aria-label={t("selectLine", { label: line.label })}
                      checked={selected.has(line.id)}
                      onChange={() => onToggle(line.id)}
                      disabled={reason !== null || busy}
                      title={reason ? t(reason) : undefined}
                    />
                  </td>
                  <td className="whitespace-nowrap px-2 py-1.5">{formatDate(line.date, locale)}</td>
                  <td className="break-words px-2 py-1.5">
                    {line.label}
                    {line.reconciled ? <span className="ml-1 text-xs text-slate-500">{t("reconciled")}</span> : null}
                    {!line.reconciled && line.locked ? <span className="ml-1 text-xs text-slate-500">{t("locked")}</span> : null}
                  </td>
                  <td className="px-2 py-1.5">{line.partnerName ?? ""}</td>
                  <td className="px-2 py-1.5">{line.counterpartAccount ?? ""}</td>
                  <td className={`whitespace-nowrap px-2 py-1.5 text-right tabular-nums ${line.amountMinor.startsWith("-") ? "text-red-700" : ""}`}>
                    {formatMoney(BigInt(line.amountMinor), line.currency, locale)}
                  </td>
                  <td className="px-2 py-1.5 text-slate-600">{tJournal(`sources.${line.source}`)}</td>
                  <td className="max-w-40 break-all px-2 py-1.5 font-mono text-xs text-slate-600">{line.onlineTransactionId ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
