import { useTranslations } from "next-intl";
import { formatMoney } from "@/lib/money";

/** What the current filter and search hold, beside the journal's own balance (every line). */
export function StatementLineTotals({
  matching,
  matchingMinor,
  balanceMinor,
  currency,
  locale,
}: {
  matching: number;
  matchingMinor: bigint;
  balanceMinor: bigint;
  currency: string;
  locale: string;
}) {
  const t = useTranslations("Journal");
  return (
    <section aria-label={t("totals.label")} className="mb-3 flex flex-wrap items-baseline justify-between gap-2 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
      <p data-testid="view-totals">
        <span className="font-medium">{t("totals.lines", { count: matching })}</span>{" "}
        · <span className="tabular-nums">{formatMoney(matchingMinor, currency, locale)}</span>
      </p>
      <p data-testid="view-balance">
        {t.rich("totals.balance", {
          amount: formatMoney(balanceMinor, currency, locale),
          strong: (chunks) => <span className="font-medium tabular-nums">{chunks}</span>,
        })}
      </p>
    </section>
  );
}
