import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteLineButton } from "@/components/delete-line-button";
import { ManualLineForm } from "@/components/manual-line-form";
import { getDb } from "@/db";
import { canWrite } from "@/lib/banksync/actor";
import { NotFoundError } from "@/lib/banksync/errors";
import { countPossibleDuplicates, getJournal, listStatementLines } from "@/lib/banksync/journals";
import { formatDate } from "@/lib/dates";
import { requestLocale } from "@/lib/locale";
import { formatMoney } from "@/lib/money";
import { requireViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Bank statement lines" };

const PAGE_SIZE = 50;
const sourceLabels = { online: "Bank", manual: "Manual", file: "File" } as const;

export default async function ReconciliationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { actor } = await requireViewer();
  const [{ id }, { page }, locale, db] = await Promise.all([params, searchParams, requestLocale(), getDb()]);
  const requested = Number.parseInt(typeof page === "string" ? page : "1", 10);
  let journal, result, flagged;
  try {
    journal = await getJournal(db, actor, id);
    [result, flagged] = await Promise.all([
      listStatementLines(db, actor, id, { page: Number.isFinite(requested) ? requested : 1, pageSize: PAGE_SIZE }),
      countPossibleDuplicates(db, actor, id),
    ]);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const money = (minor: bigint) => formatMoney(minor, journal.currency, locale);
  const pageHref = (n: number) => `/journals/${journal.id}/reconciliation?page=${n}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/" className="hover:text-brand">
          Accounting Dashboard
        </Link>{" "}
        ‣ {journal.name}
      </nav>
      <h1 className="mb-1 text-2xl font-semibold">{journal.name}</h1>
      <p className="mb-6 text-sm text-slate-600">
        {[journal.bankName, journal.bic, journal.currency].filter(Boolean).join(" · ")} · {result.total}{" "}
        {result.total === 1 ? "statement line" : "statement lines"}
      </p>
      {flagged > 0 ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <span aria-hidden="true">⚠ </span>
          {flagged === 1 ? "1 transaction might be a duplicate." : `${flagged} transactions might be duplicates.`} They were imported and flagged: same
          date, amount, currency and counterpart account as another line.
        </p>
      ) : null}
      {canWrite(actor) ? <ManualLineForm journalId={journal.id} currency={journal.currency} /> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Statement lines, newest first</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">Date</th>
              <th scope="col" className="px-3 py-2">Label</th>
              <th scope="col" className="px-3 py-2">Partner</th>
              <th scope="col" className="px-3 py-2">Source</th>
              <th scope="col" className="px-3 py-2 text-right">Amount</th>
              <th scope="col" className="px-3 py-2 text-right">Balance</th>
              {canWrite(actor) ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {result.lines.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                  No statement lines yet.
                </td>
              </tr>
            ) : null}
            {result.lines.map((line) => (
              <tr key={line.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap px-3 py-2">{formatDate(line.date, locale)}</td>
                <td className="max-w-md break-words px-3 py-2">{line.label}</td>
                <td className="px-3 py-2">{line.partnerName ?? ""}</td>
                <td className="px-3 py-2 text-slate-500">{sourceLabels[line.source]}</td>
                <td className={`whitespace-nowrap px-3 py-2 text-right tabular-nums ${line.amountMinor < 0n ? "text-red-700" : ""}`}>
                  {money(line.amountMinor)}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{money(line.runningBalanceMinor)}</td>
                {canWrite(actor) ? (
                  <td className="px-3 py-2 text-right">
                    {line.reconciled ? null : <DeleteLineButton lineId={line.id} />}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          {result.page > 1 ? <Link href={pageHref(result.page - 1)} className="text-brand hover:underline">← Newer</Link> : <span />}
          <span>
            Page {result.page} of {result.pageCount}
          </span>
          {result.page < result.pageCount ? (
            <Link href={pageHref(result.page + 1)} className="text-brand hover:underline">
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
