import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { ConnectionAccounts, type AccountView } from "@/components/connection-accounts";
import { ConnectionActions } from "@/components/connection-actions";
import { ConnectionDetails } from "@/components/connection-details";
import { ConnectionError } from "@/components/connection-error";
import { CONNECTION_LIST_PATH } from "@/components/connection-list-query";
import { ConnectionLog } from "@/components/connection-log";
import { ConnectionRefresher } from "@/components/connection-refresher";
import { ConnectionStateLabel } from "@/components/connection-state";
import { getDb } from "@/db";
import { getConnectionDetail, type ConnectionAccount } from "@/lib/banksync/connections/detail";
import { listConnectionLog } from "@/lib/banksync/connections/log";
import { NotFoundError } from "@/lib/banksync/errors";
import { staleAfterMs } from "@/lib/banksync/sync/deps";
import { appClock } from "@/lib/clock";
import { formatDate } from "@/lib/dates";
import { env } from "@/lib/env";
import { requestLocale } from "@/lib/locale";
import { formatMoney } from "@/lib/money";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Connection");
  return { title: t("title") };
}

const logPage = z.coerce.number().int().min(1).catch(1);

/** Formatted here, on the server, so the client table shows exactly what the server rendered. */
function accountView(a: ConnectionAccount, locale: string): AccountView {
  return {
    id: a.id,
    name: a.name,
    number: a.accountNumber,
    currency: a.currency,
    balance: a.balanceMinor === null ? null : formatMoney(a.balanceMinor, a.currency, locale),
    journalId: a.journalId,
    journalName: a.journalName,
    lastSync: a.lastSyncDate ? formatDate(a.lastSyncDate, locale) : null,
    fetchingStatus: a.fetchingStatus,
    missing: a.missing,
    stuck: a.stuck,
    journalChoices: a.journalChoices,
  };
}

export default async function ConnectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ log?: string | string[] }>;
}) {
  const { user, actor } = await requireViewer();
  if (!user.developerMode || actor.role === "viewer") notFound();
  const [{ id }, { log }, locale, db, t] = await Promise.all([params, searchParams, requestLocale(), getDb(), getTranslations("Connection")]);
  const config = env();
  let detail, logEntries;
  try {
    [detail, logEntries] = await Promise.all([
      // The app's clock, not the machine's: in sandbox mode it follows the simulated world's.
      getConnectionDetail(db, actor, id, appClock.now(), staleAfterMs({ heartbeatMs: config.syncHeartbeatMs })),
      listConnectionLog(db, actor, id, logPage.parse(log)),
    ]);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const path = `${CONNECTION_LIST_PATH}/${detail.id}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={CONNECTION_LIST_PATH} className="text-slate-500 hover:text-brand">
          {t("backToList")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{detail.institutionName}</h1>
      <p className="mb-6 mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span>{detail.providerName}</span>
        <ConnectionStateLabel state={detail.state} badge />
      </p>
      <ConnectionRefresher active={detail.activeRun !== null} />
      <ConnectionActions
        connectionId={detail.id}
        providerName={detail.providerName}
        state={detail.state}
        autoSync={detail.autoSync}
        running={detail.activeRun !== null}
        mfa={detail.mfa}
        locale={locale}
      />
      {detail.lastError ? <ConnectionError detail={{ ...detail, lastError: detail.lastError }} supportEmail={config.supportEmail} /> : null}
      <ConnectionDetails detail={detail} locale={locale} />
      <ConnectionAccounts accounts={detail.accounts.map((a) => accountView(a, locale))} />
      <ConnectionLog log={logEntries} locale={locale} basePath={path} providerName={detail.providerName} />
    </>
  );
}
