"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { DeleteLineButton } from "@/components/delete-line-button";
import { ReconcilePanel, RevertReconcileButton, type LedgerAccountOption } from "@/components/reconcile-panel";

/** One line as the table shows it: formatted on the server, in the user's locale. */
export type LineTableRow = {
  id: string;
  date: string;
  label: string;
  partner: string | null;
  /** Where the line came from, said in the reader's language ("Bank", "Manual", "File"). */
  source: string;
  possibleDuplicate: boolean;
  amount: string;
  negative: boolean;
  /** Null where the view has no running balance (a filter or a search). */
  balance: string | null;
  /** Set once reconciled: the account ("6000 Office Supplies"), and the entry's partner and label. */
  reconciled: { account: string | null; partner: string | null; label: string | null } | null;
};

/**
 * The statement lines, newest first. Writers select lines to reconcile (the panel appears above the
 * table for them), revert reconciled ones and delete the others.
 */
export function StatementLineTable({
  journalId,
  rows,
  showBalance,
  writable,
  accounts,
  emptyText,
}: {
  journalId: string;
  rows: LineTableRow[];
  showBalance: boolean;
  writable: boolean;
  accounts: LedgerAccountOption[];
  emptyText: string;
}) {
  const t = useTranslations("StatementLines");
  const [chosen, setChosen] = useState<string[]>([]);
  const selectable = writable ? rows.filter((r) => !r.reconciled).map((r) => r.id) : [];
  // Lines reconciled or deleted meanwhile drop out of the selection.
  const selected = chosen.filter((id) => selectable.includes(id));
  const allSelected = selectable.length > 0 && selected.length === selectable.length;
  const toggle = (id: string, on: boolean) => setChosen(on ? [...selected, id] : selected.filter((s) => s !== id));
  const columns = 6 + (showBalance ? 1 : 0) + (writable ? 2 : 0);

  return (
    <>
      {/* Always mounted: after reconciling, the selection empties but the panel still says what it did. */}
      <div className="mb-3 empty:hidden">
        <ReconcilePanel journalId={journalId} lineIds={selected} accounts={accounts} onDone={() => setChosen([])} />
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("table.caption")}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {writable ? (
                <th scope="col" className="w-8 px-3 py-2">
                  {selectable.length > 0 ? (
                    <SelectAll checked={allSelected} mixed={selected.length > 0 && !allSelected} onChange={(on) => setChosen(on ? selectable : [])} />
                  ) : (
                    <span className="sr-only">{t("table.select")}</span>
                  )}
                </th>
              ) : null}
              <th scope="col" className="px-3 py-2">
                {t("columns.date")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("columns.label")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("columns.partner")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("columns.source")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("columns.account")}
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                {t("columns.amount")}
              </th>
              {showBalance ? (
                <th scope="col" className="px-3 py-2 text-right">
                  {t("columns.balance")}
                </th>
              ) : null}
              {writable ? (
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("table.actions")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns} className="px-3 py-6 text-center text-slate-500">
                  {emptyText}
                </td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <tr key={row.id} className={`border-t border-slate-100 ${selected.includes(row.id) ? "bg-indigo-50" : ""}`}>
                {writable ? (
                  <td className="px-3 py-2">
                    {row.reconciled ? null : (
                      <input
                        type="checkbox"
                        aria-label={t("table.selectLine", { label: row.label })}
                        checked={selected.includes(row.id)}
                        onChange={(event) => toggle(row.id, event.target.checked)}
                        className="size-4 accent-brand"
                      />
                    )}
                  </td>
                ) : null}
                <td className="whitespace-nowrap px-3 py-2">{row.date}</td>
                <td className="max-w-md break-words px-3 py-2">
                  {row.label}
                  {row.possibleDuplicate ? (
                    <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 text-xs font-medium text-amber-900">{t("table.possibleDuplicate")}</span>
                  ) : null}
                </td>
                <td className="px-3 py-2">{row.partner ?? ""}</td>
                <td className="px-3 py-2">
                  <span className="rounded-full bg-slate-100 px-2 text-xs text-slate-700">{row.source}</span>
                </td>
                <td className="px-3 py-2">
                  {row.reconciled ? (
                    <>
                      {row.reconciled.account}
                      {row.reconciled.partner || row.reconciled.label ? (
                        <span className="block break-words text-xs text-slate-500">
                          {[row.reconciled.partner, row.reconciled.label].filter(Boolean).join(" · ")}
                        </span>
                      ) : null}
                    </>
                  ) : null}
                </td>
                <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${row.negative ? "text-red-700" : ""}`}>{row.amount}</td>
                {showBalance ? <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{row.balance ?? "—"}</td> : null}
                {writable ? (
                  <td className="px-3 py-2 text-right">
                    {row.reconciled ? <RevertReconcileButton lineId={row.id} label={row.label} /> : <DeleteLineButton lineId={row.id} />}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The header's checkbox: every selectable line of this page, shown as mixed when only some are selected. */
function SelectAll({ checked, mixed, onChange }: { checked: boolean; mixed: boolean; onChange: (on: boolean) => void }) {
  const t = useTranslations("StatementLines");
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = mixed;
  }, [mixed]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={t("table.selectAll")}
      checked={checked}
      onChange={(event) => onChange(event.target.checked)}
      className="size-4 accent-brand"
    />
  );
}
