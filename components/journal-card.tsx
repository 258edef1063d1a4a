import Link from "next/link";
import { BalanceChart } from "@/components/balance-chart";
import type { CountryOption } from "@/components/institution-search";
import { JournalCardMenu } from "@/components/journal-card-menu";
import { JournalSyncPanel } from "@/components/journal-sync-panel";
import { journalSyncView } from "@/lib/banksync/journal-links";
import type { JournalCard as Card } from "@/lib/banksync/journals";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export type CardMenuContext = { companyCountry: string; countries: CountryOption[] };

/**
 * One journal on the Accounting Dashboard. `now` is the app clock's (the sandbox's clock may run ahead),
 * for what the bank feed shows; `canWrite` offers "Fetch Transactions" and the card's menu.
 */
export function JournalCard({ card, locale, menu, now, canWrite }: { card: Card; locale: string; menu: CardMenuContext | null; now: Date; canWrite: boolean }) {
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
        {menu ? (
          <JournalCardMenu
            journalId={card.id}
            journalName={card.name}
            currency={card.currency}
            connected={card.link !== null}
            locale={locale}
            canImport={canWrite}
            {...menu}
          />
        ) : null}
      </header>
      {card.link ? <JournalSyncPanel initial={journalSyncView(card.id, card.link, now)} locale={locale} canWrite={canWrite} /> : null}
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
        series={{ from: card.balanceHistory[0]?.date ?? "", balances: card.balanceHistory.map((p) => p.balanceMinor.toString()) }}
      />
    </article>
  );
}
