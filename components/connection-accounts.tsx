"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useOptimistic, useState, useTransition } from "react";
import { linkAccountJournalAction, resetAccountFetchAction } from "@/app/(app)/configuration/online-synchronization/actions";
import { Button } from "@/components/ui/button";
import type { ConnectionAccount } from "@/lib/banksync/connections/detail";

/** An account as the table shows it; amounts and dates come formatted from the server, in the reader's locale. */
export type AccountView = Pick<ConnectionAccount, "id" | "name" | "currency" | "journalId" | "journalName" | "fetchingStatus" | "missing" | "stuck" | "journalChoices"> & {
  number: string | null;
  balance: string | null;
  lastSync: string | null;
};

function JournalLink({ account }: { account: AccountView }) {
  if (!account.journalId || !account.journalName) return null;
  return (
    <Link href={`/journals/${account.journalId}/reconciliation`} className="text-brand hover:underline">
      {account.journalName}
    </Link>
  );
}

/** One account: its journal can be changed (or unlinked) and a stuck fetch reset; errors stay on its row. */
function AccountRow({ account }: { account: AccountView }) {
  const router = useRouter();
  const t = useTranslations("Connection");
  const [busy, startWork] = useTransition();
  const [journalId, setJournalId] = useOptimistic(account.journalId ?? "");
  const [error, setError] = useState<string | null>(null);
  const run = (work: () => Promise<{ ok: true } | { ok: false; message: string }>) => {
    setError(null);
    startWork(async () => {
      const answer = await work();
      if (!answer.ok) setError(answer.message);
      router.refresh();
    });
  };
  const changeJournal = (value: string) =>
    run(() => {
      setJournalId(value);
      return linkAccountJournalAction({ accountId: account.id, journalId: value || null });
    });
  const cell = "px-3 py-2 align-top";
  return (
    <tr className="border-t border-slate-100">
      <th scope="row" className={`${cell} text-left font-medium`}>
        {account.name}
      </th>
      <td className={`${cell} font-mono text-xs`}>{account.number ?? "—"}</td>
      <td className={cell}>{account.currency}</td>
      <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>{account.balance ?? "—"}</td>
      <td className={cell}>
        {account.missing ? (
          <div className="flex flex-col gap-1">
            <span className="text-amber-800">{t("accounts.noLongerShared")}</span>
            <JournalLink account={account} />
          </div>
        ) : (
          <div className="flex flex-col gap-1">
            <select
              aria-label={t("accounts.journalOf", { account: account.name })}
              value={journalId}
              disabled={busy}
              onChange={(event) => changeJournal(event.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:opacity-60"
            >
              {account.journalId ? <option value={account.journalId}>{account.journalName ?? account.journalId}</option> : null}
              {account.journalChoices.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
              <option value="">{t("accounts.notSynchronized")}</option>
            </select>
            <JournalLink account={account} />
          </div>
        )}
        {error ? (
          <p role="alert" className="mt-1 max-w-xs text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </td>
      <td className={`${cell} whitespace-nowrap`}>{account.lastSync ?? "—"}</td>
      <td className={cell}>{t(`fetching.${account.fetchingStatus}`)}</td>
      <td className={`${cell} text-right`}>
        {account.stuck ? (
          <Button variant="secondary" disabled={busy} onClick={() => run(() => resetAccountFetchAction(account.id))}>
            {t("accounts.reset")}
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

/** The accounts the provider shares through this connection and the journals they feed. */
export function ConnectionAccounts({ accounts }: { accounts: AccountView[] }) {
  const t = useTranslations("Connection.accounts");
  return (
    <section aria-labelledby="connection-accounts" className="mb-8">
      <h2 id="connection-accounts" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      {accounts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">{t("none")}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">{t("caption")}</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("number")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("currency")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("balance")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("journal")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("lastSync")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("fetchingStatus")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <AccountRow key={a.id} account={a} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
