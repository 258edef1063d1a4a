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
  return (
    <section aria-label="Totals" className="mb-3 flex flex-wrap items-baseline justify-between gap-2 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
      <p data-testid="view-totals">
        <span className="font-medium">
          {matching} {matching === 1 ? "line" : "lines"}
        </span>{" "}
        · <span className="tabular-nums">{formatMoney(matchingMinor, currency, locale)}</span>
      </p>
      <p data-testid="view-balance">
        Journal balance: <span className="font-medium tabular-nums">{formatMoney(balanceMinor, currency, locale)}</span>
      </p>
    </section>
  );
}
