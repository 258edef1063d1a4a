import Link from "next/link";
import { BalanceChart } from "@/components/balance-chart";
import type { JournalCard as Card } from "@/lib/banksync/journals";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export function JournalCard({ card, locale }: { card: Card; locale: string }) {
  const linesHref = `/journals/${card.id}/reconciliation`;
  return (
    <article className="flex h-full flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`journal-${card.id}`}>
      <header>
        <h2 id={`journal-${card.id}`} className="font-semibold">
          <Link href={linesHref} className="hover:text-brand">
            {card.name}
          </Link>
        </h2>
        <p className="text-xs text-slate-500">
          {[card.bankName, card.bic].filter(Boolean).join(" · ") || "Bank"} · not synchronized
        </p>
      </header>
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
