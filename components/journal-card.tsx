import Link from "next/link";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("JournalCard");
  const linesHref = `/journals/${card.id}/reconciliation`;
  const bank = [card.bankName, card.bic].filter(Boolean).join(" · ") || t("bankFallback");
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
            {card.link ? t("via", { institution: card.link.institutionName, provider: card.link.providerName }) : t("notSynchronized", { bank })}
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
          <dt className="text-slate-500">{card.lastLineDate ? t("balanceOn", { date: formatDate(card.lastLineDate, locale) }) : t("balance")}</dt>
          <dd className="font-semibold tabular-nums" data-testid="journal-balance">
            {formatMoney(card.balanceMinor, card.currency, locale)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("toReconcile")}</dt>
          <dd>
            <Link href={linesHref} className="text-brand hover:underline">
              {t("lines", { count: card.toReconcile })}
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
