"use client";

import { useTranslations } from "next-intl";
import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useHydrated } from "@/components/use-hydrated";
import { addDays, formatDate } from "@/lib/dates";
import { formatMoney, minorDigits } from "@/lib/money";

/**
 * End-of-day balances of consecutive days from `from`, as strings (bigint does not serialize): the
 * dates are implied, since a dashboard sends one series per journal and every byte is sent 50 times.
 */
export type BalanceSeries = { from: string; balances: string[] };

/** The balance at the end of each of the last 30 days. */
export function BalanceChart({ series, currency, locale }: { series: BalanceSeries; currency: string; locale: string }) {
  const t = useTranslations("BalanceChart");
  // Drawn by the browser only: the chart sizes itself to its box, which the server cannot measure, and
  // rendering it there cost a dashboard of 50 journals about 4 ms for an empty box.
  const hydrated = useHydrated();
  // The chart only draws; an approximate number is fine for a pixel position, never for a shown amount.
  const scale = 10 ** minorDigits(currency);
  const data = hydrated ? series.balances.map((balance, i) => ({ date: addDays(series.from, i), y: Number(balance) / scale, balance })) : [];
  const count = series.balances.length;
  const first = count > 0 ? { date: series.from, balance: series.balances[0]! } : null;
  const last = count > 0 ? { date: addDays(series.from, count - 1), balance: series.balances[count - 1]! } : null;
  return (
    <figure className="h-20" aria-label={t("label")}>
      {hydrated ? (
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
            <XAxis dataKey="date" hide />
            <YAxis hide domain={["auto", "auto"]} />
            <Tooltip
              formatter={(_v, _n, item) => [formatMoney(BigInt((item.payload as { balance: string }).balance), currency, locale), t("balance")]}
              labelFormatter={(label) => formatDate(String(label), locale)}
            />
            <Area type="monotone" dataKey="y" stroke="#4f46e5" fill="#e0e7ff" strokeWidth={2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      ) : null}
      {first && last ? (
        <figcaption className="sr-only">
          {t("summary", {
            first: formatMoney(BigInt(first.balance), currency, locale),
            firstDate: formatDate(first.date, locale),
            last: formatMoney(BigInt(last.balance), currency, locale),
            lastDate: formatDate(last.date, locale),
          })}
        </figcaption>
      ) : null}
    </figure>
  );
}
