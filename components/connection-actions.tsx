"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { fetchConnectionAction } from "@/app/(app)/configuration/online-synchronization/actions";
import { AutoSyncSwitch } from "@/components/auto-sync-switch";
import { ConnectionNotice, type ConnectionNoticeValue } from "@/components/connection-notice";
import { DeleteConnection } from "@/components/delete-connection";
import { ReconnectBank } from "@/components/reconnect-bank";
import { Button } from "@/components/ui/button";
import type { ConnectionState } from "@/lib/banksync/connections/list";

const secondary = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100";

/**
 * What can be done to one connection: fetch now, renew the consent (for the same or more accounts),
 * reconnect a lost one, switch the scheduled synchronization, delete it.
 */
export function ConnectionActions({
  connectionId,
  providerName,
  state,
  autoSync,
  running,
  mfa,
  locale,
}: {
  connectionId: string;
  providerName: string;
  state: ConnectionState;
  autoSync: boolean;
  running: boolean;
  /** The bank asks for a code at every refresh: "Fetch Transactions" goes through its pages. */
  mfa: boolean;
  locale: string;
}) {
  const router = useRouter();
  const t = useTranslations("Connection");
  const [requesting, startRequest] = useTransition();
  const [notice, setNotice] = useState<ConnectionNoticeValue | null>(null);
  const refresh = () => router.refresh();
  const fetchTransactions = () => {
    setNotice(null);
    startRequest(async () => {
      const answer = await fetchConnectionAction(connectionId);
      setNotice(answer.ok ? { tone: "status", message: t("queued") } : { tone: "alert", message: answer.message });
      router.refresh();
    });
  };
  return (
    <section aria-label={t("actionsLabel")} className="mb-6 flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {state !== "disconnected" ? (
          <>
            {mfa ? (
              <ReconnectBank connectionId={connectionId} label={t("fetchTransactions")} title={t("fetchTransactions")} className={secondary} locale={locale} onDone={refresh} />
            ) : (
              <Button variant="secondary" onClick={fetchTransactions} disabled={requesting} aria-busy={requesting || running}>
                {t("fetchTransactions")}
              </Button>
            )}
            <ReconnectBank
              connectionId={connectionId}
              label={t("updateCredentials")}
              title={t("updateCredentials")}
              note={t("updateCredentialsNote")}
              className={secondary}
              locale={locale}
              onDone={refresh}
            />
          </>
        ) : null}
        {state === "disconnected" || state === "action_required" ? (
          <ReconnectBank
            connectionId={connectionId}
            label={t("reconnect")}
            title={t("reconnect")}
            className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark"
            locale={locale}
            onDone={refresh}
          />
        ) : null}
        <DeleteConnection connectionId={connectionId} providerName={providerName} onNotice={setNotice} />
      </div>
      <AutoSyncSwitch connectionId={connectionId} enabled={autoSync} />
      {notice ? <ConnectionNotice notice={notice} /> : null}
    </section>
  );
}
