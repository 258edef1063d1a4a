import Link from "next/link";
import { useTranslations } from "next-intl";
import { connectionListHref, CONNECTION_LIST_PATH, type ConnectionListQuery } from "@/components/connection-list-query";
import { ConnectionStateLabel, stateRowTints } from "@/components/connection-state";
import { ConnectionTime } from "@/components/connection-time";
import type { ConnectionRow, ConnectionSort } from "@/lib/banksync/connections/list";

/** Which way each order runs, as the list query sorts it: last refresh shows the most recent first. */
const directions: Record<ConnectionSort, "ascending" | "descending"> = {
  institution: "ascending",
  provider: "ascending",
  state: "ascending",
  last_refresh: "descending",
  next_refresh: "ascending",
  consent: "ascending",
};

function SortHeader({ label, sort, query }: { label: string; sort: ConnectionSort; query: ConnectionListQuery }) {
  const active = query.sort === sort;
  return (
    <th scope="col" className="px-3 py-2" aria-sort={active ? directions[sort] : undefined}>
      <Link href={connectionListHref({ state: query.state, sort })} className={`hover:text-brand ${active ? "font-semibold text-slate-900" : ""}`}>
        {label}
        {active ? <span aria-hidden="true">{directions[sort] === "ascending" ? " ▲" : " ▼"}</span> : null}
      </Link>
    </th>
  );
}

/** The company's connections, one row each; those not connected are tinted and say their state in words. */
export function ConnectionTable({ rows, query, locale }: { rows: ConnectionRow[]; query: ConnectionListQuery; locale: string }) {
  const t = useTranslations("OnlineSync");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">{t("tableCaption")}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <SortHeader label={t("columns.institution")} sort="institution" query={query} />
            <SortHeader label={t("columns.provider")} sort="provider" query={query} />
            <SortHeader label={t("columns.state")} sort="state" query={query} />
            <SortHeader label={t("columns.lastRefresh")} sort="last_refresh" query={query} />
            <SortHeader label={t("columns.nextRefresh")} sort="next_refresh" query={query} />
            <SortHeader label={t("columns.consent")} sort="consent" query={query} />
            <th scope="col" className="px-3 py-2">
              {t("columns.autoSync")}
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              {t("columns.accounts")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className={`border-t border-slate-100 ${stateRowTints[c.state]}`}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <Link href={`${CONNECTION_LIST_PATH}/${c.id}`} className="text-brand hover:underline">
                  {c.institutionName}
                </Link>
              </th>
              <td className="px-3 py-2">{c.providerName}</td>
              <td className="whitespace-nowrap px-3 py-2">
                <ConnectionStateLabel state={c.state} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <ConnectionTime at={c.lastRefreshAt} locale={locale} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <ConnectionTime at={c.nextRefreshAt} locale={locale} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <ConnectionTime at={c.consentExpiresAt} locale={locale} style="date" />
              </td>
              <td className="px-3 py-2">{c.autoSync ? t("on") : t("off")}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {c.accounts}
                {c.linkedAccounts < c.accounts ? <span className="block text-xs text-slate-500">{t("synchronized", { count: c.linkedAccounts })}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
