import Link from "next/link";
import { BalanceChart } from "@/components/balance-chart";
import type { CountryOption } from "@/components/institution-search";
import { JournalCardMenu } from "@/components/journal-card-menu";
import type { JournalLink } from "@/lib/banksync/journal-links";
import type { JournalCard as Card } from "@/lib/banksync/journals";
import { formatDate, isoDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export type CardMenuContext = { companyCountry: string; countries: CountryOption[] };

/** What the card says about the bank feed: a queued or failed run, else how long the consent lasts. */
function SyncStatus({ link, locale }: { link: JournalLink; locale: string }) {
  const run = link.latestRun;
  if (run?.status === "queued") {
    return <p className="text-slate-600">{run.trigger === "initial" ? "First synchronization queued" : "Synchronization queued"}</p>;
  }
  if (run?.status === "failed") {
    return (
      <p className="text-red-700" role="status">
        {run.errorMessage ?? "The last synchronization failed."}
        {run.errorReference ? ` (reference ${run.errorReference})` : ""}
      </p>
    );
  }
  return link.consentExpiresAt ? <p className="text-slate-600">Connected until {formatDate(isoDate(link.consentExpiresAt), locale)}</p> : null;
}

export function JournalCard({ card, locale, menu }: { card: Card; locale: string; menu: CardMenuContext | null }) {
  const linesHref = `/journals/${card.id}/reconciliation`;
  const bank = [card.bankName, card.bic].filter(Boolean).join(" · ") || "Bank";
  return (
    <article className="flex h-full flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`journal-${card.id}`}>
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={`journal-${card.id}`} className="font-semibold">
            <Link href={linesHref} className="hover:text-brand">
              {card.name}
            </Link>
          </h2>
          <p className="text-xs text-slate-500" data-testid="journal-bank">
            {card.accountNumber ? `${card.accountNumber} · ` : ""}
            {card.link ? `${card.link.institutionName} via ${card.link.providerName}` : `${bank} · not synchronized`}
          </p>
        </div>
        {menu ? <JournalCardMenu journalId={card.id} journalName={card.name} connected={card.link !== null} locale={locale} {...menu} /> : null}
      </header>
      {card.link ? (
        <div className="text-sm" data-testid="journal-sync-status">
          <SyncStatus link={card.link} locale={locale} />
        </div>
      ) : null}
      <dl className="grid grid-cols-2 gap-2 text-sm">
        <div>
          <dt className="text-slate-500">{card.lastLineDate ? `Balance on ${formatDate(card.lastLineDate, locale)}` : "Balance"}</dt>
          <dd className="font-semibold tabular-nums" data-testid="journal-balance">
            {formatMoney(card.balanceMinor, card.currency, locale)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">To reconcile</dt>
          <dd>
            <Link href={linesHref} className="text-brand hover:underline">
              {card.toReconcile} {card.toReconcile === 1 ? "line" : "lines"}
            </Link>
          </dd>
        </div>
      </dl>
      <BalanceChart
        currency={card.currency}
        locale={locale}
        points={card.balanceHistory.map((p) => ({ date: p.date, balance: p.balanceMinor.toString() }))}
      />
    </article>
  );
}
