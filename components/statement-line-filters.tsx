import Form from "next/form";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { journalViewHref, lineFilterKeys, type JournalViewQuery } from "@/components/journal-view-query";
import { lineFilters, type LineFilter } from "@/lib/banksync/statement-line-query";

/**
 * The view's filters, each with how many lines it holds, and the search box. Both are plain links
 * and a GET form, so a filtered, searched page has an address the user can keep or share.
 */
export function StatementLineFilters({ journalId, query, counts }: { journalId: string; query: JournalViewQuery; counts: Record<LineFilter, number> }) {
  const t = useTranslations("StatementLines");
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <nav aria-label={t("filters.nav")}>
        <ul className="flex flex-wrap gap-2 text-sm">
          {lineFilters.map((filter) => {
            const current = filter === query.filter;
            return (
              <li key={filter}>
                <Link
                  href={journalViewHref(journalId, { filter, q: query.q, page: 1 })}
                  aria-current={current ? "page" : undefined}
                  className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 ${
                    current ? "border-brand bg-brand text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"
                  }`}
                >
                  {t(`filters.${lineFilterKeys[filter]}`)}
                  <span className={`rounded-full px-1.5 text-xs tabular-nums ${current ? "bg-white/20" : "bg-slate-100 text-slate-700"}`}>{counts[filter]}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Form action={`/journals/${journalId}/reconciliation`} role="search" className="flex items-center gap-2">
        {query.filter !== "to-reconcile" ? <input type="hidden" name="filter" value={query.filter} /> : null}
        <label htmlFor="line-search" className="sr-only">
          {t("search.label")}
        </label>
        <input
          id="line-search"
          key={query.q ?? ""}
          type="search"
          name="q"
          defaultValue={query.q ?? ""}
          maxLength={200}
          placeholder={t("search.placeholder")}
          className="w-56 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand"
        />
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100">
          {t("search.submit")}
        </button>
        {query.q ? (
          <Link href={journalViewHref(journalId, { filter: query.filter, page: 1 })} className="text-sm text-brand hover:underline">
            {t("search.clear")}
          </Link>
        ) : null}
      </Form>
    </div>
  );
}
