import Link from "next/link";
import { useTranslations } from "next-intl";
import { connectionListHref, type ConnectionListQuery } from "@/components/connection-list-query";
import { stateNameKeys } from "@/components/connection-state";
import { connectionStates, type ConnectionState } from "@/lib/banksync/connections/list";

/** "All", then one link per state with how many connections are in it; the order chosen stays. */
export function ConnectionFilter({ query, counts }: { query: ConnectionListQuery; counts: Record<ConnectionState, number> }) {
  const t = useTranslations("OnlineSync");
  const names = useTranslations("ConnectionState");
  const total = connectionStates.reduce((sum, s) => sum + counts[s], 0);
  const options = [
    { state: undefined, label: t("all"), count: total },
    ...connectionStates.map((state) => ({ state, label: names(stateNameKeys[state]), count: counts[state] })),
  ];
  return (
    <nav aria-label={t("filterLabel")} className="mb-4">
      <ul className="flex flex-wrap gap-2 text-sm">
        {options.map((o) => {
          const current = o.state === query.state;
          return (
            <li key={o.label}>
              <Link
                href={connectionListHref({ state: o.state, sort: query.sort })}
                aria-current={current ? "page" : undefined}
                className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 ${
                  current ? "border-brand bg-brand text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"
                }`}
              >
                {o.label}
                <span className={`rounded-full px-1.5 text-xs ${current ? "bg-white/20" : "bg-slate-100 text-slate-700"}`}>{o.count}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
