"use client";

import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { synchronizeAccountsAction } from "@/app/(app)/connect-actions";
import { Button } from "@/components/ui/button";
import { useSay } from "@/components/use-say";
import type { ConnectionAttemptView } from "@/lib/banksync/connect/attempt";
import { formatMoney } from "@/lib/money";

/**
 * "Select accounts to synchronize": each authorized account with its balance, mapped to a new
 * journal, an existing journal of its currency, or none. "Synchronize" links them and queues the
 * first synchronization.
 */
export function AccountSelection({ attempt, locale, onDone }: { attempt: ConnectionAttemptView; locale: string; onDone: () => void }) {
  const t = useTranslations("AccountSelection");
  const say = useSay();
  const id = useId();
  const [targets, setTargets] = useState<Record<string, string>>(() => Object.fromEntries(attempt.accounts.map((a) => [a.id, a.mapping.proposed])));
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const journalName = (journalId: string) => attempt.journals.find((j) => j.id === journalId)?.name ?? journalId;

  const synchronize = () =>
    startTransition(async () => {
      setError(null);
      const answer = await synchronizeAccountsAction({
        attemptId: attempt.id,
        choices: attempt.accounts.map((a) => ({ accountId: a.id, target: targets[a.id] ?? a.mapping.proposed })),
      });
      if (answer.ok) onDone();
      else setError(answer);
    });

  return (
    <div className="flex flex-col gap-4 text-sm">
      <div>
        <h3 className="text-base font-semibold">{t("title")}</h3>
        <p className="text-slate-600">{t("intro", { institution: attempt.institutionName, provider: attempt.providerName })}</p>
      </div>
      <table className="w-full text-left">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">{t("account")}</th>
            <th className="py-1 pr-2 font-medium">{t("currency")}</th>
            <th className="py-1 pr-2 text-right font-medium">{t("balance")}</th>
            <th className="py-1 font-medium">{t("journal")}</th>
          </tr>
        </thead>
        <tbody>
          {attempt.accounts.map((account) => {
            const fieldError = error?.fieldErrors?.[`account-${account.id}`]?.[0];
            const selectId = `${id}-${account.id}`;
            return (
              <tr key={account.id} className="border-t border-slate-100 align-top" data-testid="authorized-account">
                <td className="py-2 pr-2">
                  <label htmlFor={selectId} className="font-medium">
                    {account.name}
                  </label>
                  <div className="font-mono text-xs text-slate-500">{account.accountNumber ?? t("noAccountNumber")}</div>
                </td>
                <td className="py-2 pr-2">{account.currency}</td>
                <td className="py-2 pr-2 text-right tabular-nums">
                  {account.balanceMinor === null ? "—" : formatMoney(BigInt(account.balanceMinor), account.currency, locale)}
                </td>
                <td className="py-2">
                  <select
                    id={selectId}
                    value={targets[account.id]}
                    disabled={pending}
                    aria-invalid={fieldError ? true : undefined}
                    onChange={(e) => setTargets((current) => ({ ...current, [account.id]: e.target.value }))}
                    className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-brand"
                  >
                    {account.mapping.allowNew ? <option value="new">{t("newJournal")}</option> : null}
                    {account.mapping.journalIds.map((journalId) => (
                      <option key={journalId} value={journalId}>
                        {journalName(journalId)}
                      </option>
                    ))}
                    <option value="skip">{t("skip")}</option>
                  </select>
                  {account.mapping.conflict ? <p className="mt-1 text-xs text-amber-800">{say(account.mapping.conflict)}</p> : null}
                  {fieldError ? <p className="mt-1 text-xs text-red-700">{fieldError}</p> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && !Object.keys(error.fieldErrors ?? {}).some((k) => k.startsWith("account-")) ? (
        <p role="alert" className="text-red-700">
          {error.message}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button onClick={synchronize} disabled={pending}>
          {pending ? t("synchronizing") : t("synchronize")}
        </Button>
      </div>
    </div>
  );
}
