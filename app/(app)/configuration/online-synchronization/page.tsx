import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ConnectionFilter } from "@/components/connection-filter";
import { connectionListQuery } from "@/components/connection-list-query";
import { ConnectionTable } from "@/components/connection-table";
import { getDb } from "@/db";
import { connectionStates, countConnectionsByState, listConnections } from "@/lib/banksync/connections/list";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("OnlineSync");
  return { title: t("title") };
}

const emptyBox = "rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600";

export default async function OnlineSynchronizationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, actor } = await requireViewer();
  if (!user.developerMode || actor.role === "viewer") notFound();
  const query = connectionListQuery.parse(await searchParams);
  const db = await getDb();
  const [rows, counts, locale, t] = await Promise.all([
    listConnections(db, actor, { state: query.state, sort: query.sort }),
    countConnectionsByState(db, actor),
    requestLocale(),
    getTranslations("OnlineSync"),
  ]);
  const total = connectionStates.reduce((sum, s) => sum + counts[s], 0);
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">{t("title")}</h1>
      {total === 0 ? (
        <p className={emptyBox}>{t("empty")}</p>
      ) : (
        <>
          <ConnectionFilter query={query} counts={counts} />
          {rows.length === 0 ? <p className={emptyBox}>{t("emptyState")}</p> : <ConnectionTable rows={rows} query={query} locale={locale} />}
        </>
      )}
    </>
  );
}
