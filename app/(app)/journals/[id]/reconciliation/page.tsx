import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { DuplicatesBanner } from "@/components/duplicates-banner";
import { journalViewHref, journalViewQuery, lineFilterKeys, type JournalViewQuery } from "@/components/journal-view-query";
import { ManualLineForm } from "@/components/manual-line-form";
import { ReconciliationMenu } from "@/components/reconciliation-menu";
import { StatementLineFilters } from "@/components/statement-line-filters";
import { StatementLineTable, type LineTableRow } from "@/components/statement-line-table";
import { StatementLineTotals } from "@/components/statement-line-totals";
import { getDb } from "@/db";
import { canWrite } from "@/lib/banksync/actor";
import { NotFoundError } from "@/lib/banksync/errors";
import { getJournalLink, type JournalLink } from "@/lib/banksync/journal-links";
import { getJournal } from "@/lib/banksync/journals";
import { listLedgerAccounts } from "@/lib/banksync/ledger-accounts";
import { queryStatementLines, type JournalView } from "@/lib/banksync/statement-line-query";
import { formatDate } from "@/lib/dates";
import { decimalMark, requestLocale } from "@/lib/locale";
import { formatMoney } from "@/lib/money";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Journal");
  return { title: t("metaTitle") };
}

const PAGE_SIZE = 50;

type T = Awaited<ReturnType<typeof getTranslations<"Journal">>>;

/** Find Missing Transactions asks the bank: why it cannot now, or null when it can. */
function missingUnavailable(t: T, link: JournalLink | null): string | null {
  if (!link) return t("missingUnavailable.notSynchronized");
  if (link.state === "action_required" || link.state === "disconnected") return t("missingUnavailable.needsAttention");
  return null;
}

function emptyText(t: T, filterName: string, query: JournalViewQuery, journalLines: number): string {
  if (journalLines === 0) return t("empty.noLines");
  if (query.q) return t("empty.noMatch", { search: query.q, filter: filterName });
  if (query.filter === "to-reconcile") return t("empty.nothingToReconcile");
  if (query.filter === "possible-duplicates") return t("empty.noDuplicates");
  return t("empty.noLines");
}

export default async function ReconciliationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor } = await requireViewer();
  const [{ id }, rawQuery, locale, db, t, tLines] = await Promise.all([
    params,
    searchParams,
    requestLocale(),
    getDb(),
    getTranslations("Journal"),
    getTranslations("StatementLines"),
  ]);
  const query = journalViewQuery.parse(rawQuery);
  const writable = canWrite(actor);
  let journal, view: JournalView, link, accounts;
  try {
    journal = await getJournal(db, actor, id);
    [view, link, accounts] = await Promise.all([
      queryStatementLines(db, actor, id, {
        filter: query.filter,
        search: query.q,
        page: query.page,
        pageSize: PAGE_SIZE,
        amountFormat: { decimal: decimalMark(locale) },
      }),
      writable ? getJournalLink(db, actor, id) : null,
      writable ? listLedgerAccounts(db, actor) : [],
    ]);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const money = (minor: bigint) => formatMoney(minor, journal.currency, locale);
  const rows: LineTableRow[] = view.lines.map((line) => ({
    id: line.id,
    date: formatDate(line.date, locale),
    label: line.label,
    partner: line.partnerName,
    source: t(`sources.${line.source}`),
    possibleDuplicate: line.possibleDuplicate,
    amount: money(line.amountMinor),
    negative: line.amountMinor < 0n,
    balance: line.runningBalanceMinor === null ? null : money(line.runningBalanceMinor),
    reconciled: line.reconciled
      ? {
          account: line.reconciledAccount ? `${line.reconciledAccount.code} ${line.reconciledAccount.name}` : null,
          partner: line.reconciledPartner,
          label: line.reconciledLabel,
        }
      : null,
  }));
  const pageHref = (page: number) => journalViewHref(journal.id, { ...query, page });
  const lineCount = view.counts.all;
  return (
    <>
      <nav aria-label={t("breadcrumb")} className="mb-2 text-sm text-slate-500">
        <Link href="/" className="hover:text-brand">
          {t("dashboard")}
        </Link>{" "}
        ‣ {journal.name}
      </nav>
      <div className="mb-1 flex items-start justify-between gap-4">
        <h1 className="text-2xl font-semibold">{journal.name}</h1>
        {writable ? <ReconciliationMenu journalId={journal.id} journalName={journal.name} currency={journal.currency} locale={locale} missingUnavailable={missingUnavailable(t, link)} /> : null}
      </div>
      <p className="mb-6 text-sm text-slate-600">
        {t("summary", { details: [journal.bankName, journal.bic, journal.currency].filter(Boolean).join(" · "), count: lineCount })}
      </p>
      <DuplicatesBanner
        journalId={journal.id}
        locale={locale}
        count={view.counts["possible-duplicates"]}
        writable={writable}
        linesHref={journalViewHref(journal.id, { filter: "possible-duplicates", page: 1 })}
      />
      {writable ? <ManualLineForm journalId={journal.id} currency={journal.currency} /> : null}
      <StatementLineFilters journalId={journal.id} query={query} counts={view.counts} />
      <StatementLineTotals matching={view.matching} matchingMinor={view.matchingMinor} balanceMinor={view.balanceMinor} currency={journal.currency} locale={locale} />
      <StatementLineTable
        key={`${query.filter}|${query.q ?? ""}|${view.page}`}
        journalId={journal.id}
        rows={rows}
        showBalance={view.runningBalance}
        writable={writable}
        accounts={accounts}
        emptyText={emptyText(t, tLines(`filters.${lineFilterKeys[query.filter]}`), query, lineCount)}
      />
      {view.pageCount > 1 ? (
        <nav aria-label={t("pages.nav")} className="mt-4 flex items-center justify-between text-sm">
          {view.page > 1 ? (
            <Link href={pageHref(view.page - 1)} className="text-brand hover:underline">
              {t("pages.newer")}
            </Link>
          ) : (
            <span />
          )}
          <span>{t("pages.pageOf", { page: view.page, pageCount: view.pageCount })}</span>
          {view.page < view.pageCount ? (
            <Link href={pageHref(view.page + 1)} className="text-brand hover:underline">
              {t("pages.older")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
