"use client";

import Link from "next/link";
import { useState, useTransition, type ReactNode } from "react";
import { setAutoSyncAction } from "@/app/(app)/sync-actions";
import { useLocalTime } from "@/components/journal-sync-time";
import { ReconnectBank } from "@/components/reconnect-bank";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { JournalSyncView } from "@/lib/banksync/journal-links";
import { refreshLimitNotice } from "@/lib/banksync/sync/outcomes";

function transactions(n: number): string {
  return `${n} ${n === 1 ? "transaction" : "transactions"}`;
}

function ErrorReference({ reference }: { reference: string | null }) {
  if (!reference) return null;
  return (
    <span className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
      <span>
        Reference: <code className="font-mono">{reference}</code>
      </span>
      <CopyButton value={reference} label="reference" />
    </span>
  );
}

function RefreshLimitNotice({ until, locale }: { until: string; locale: string }) {
  return <p className="text-slate-600">{refreshLimitNotice(useLocalTime(until, locale))}</p>;
}

/** "Disable automatic synchronization": one click, for banks that refuse scheduled fetches. */
function DisableAutoSync({ connectionId, onChanged }: { connectionId: string; onChanged: () => void }) {
  const [saving, startSaving] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex flex-col gap-1">
      <span>
        <Button
          variant="secondary"
          disabled={saving}
          onClick={() =>
            startSaving(async () => {
              const answer = await setAutoSyncAction({ connectionId, enabled: false });
              setError(answer.ok ? null : answer.message);
              onChanged();
            })
          }
        >
          Disable automatic synchronization
        </Button>
      </span>
      {error ? <span role="alert">{error}</span> : null}
    </span>
  );
}

/**
 * The card's one-line answer to "where does the bank feed stand": fetching, what the last run
 * brought, or what went wrong with what to do about it. The refresh limit is information, not an error.
 */
export function JournalSyncStatus({
  view,
  fetching,
  locale,
  canWrite,
  onChanged,
}: {
  view: JournalSyncView;
  fetching: boolean;
  locale: string;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const run = view.run;
  let content: ReactNode = null;
  if (fetching) {
    content = (
      <p className="text-slate-700">
        Fetching…{run && run.fetched > 0 && (run.status === "queued" || run.status === "running") ? ` ${transactions(run.fetched)} received` : ""}
      </p>
    );
  } else if (view.accountMissing) {
    content = (
      <div className="flex flex-col items-start gap-1.5 text-amber-800">
        <p>The bank no longer shares this account: update the connection&apos;s credentials and select it to synchronize it again.</p>
        {canWrite ? (
          <ReconnectBank
            connectionId={view.connectionId}
            label="Update Credentials"
            title="Update Credentials"
            note="Select all accounts that need access, including those from other banking institutions."
            className="rounded-md border border-amber-400 bg-white px-3 py-1.5 text-sm font-medium text-amber-900 hover:bg-amber-50"
            locale={locale}
            onDone={onChanged}
          />
        ) : null}
      </div>
    );
  } else if (view.state === "action_required" || view.state === "disconnected") {
    const failed = run?.status === "failed" ? { message: run.errorMessage, reference: run.errorReference } : null;
    const error = failed?.message ? failed : view.lastError;
    content = (
      <div className="flex flex-col items-start gap-1.5 text-red-700">
        <p>
          {error?.message ?? (view.state === "disconnected" ? "The bank connection is disconnected." : "The bank needs you to sign in again.")}
          <ErrorReference reference={error?.reference ?? null} />
        </p>
        {canWrite ? (
          <ReconnectBank
            connectionId={view.connectionId}
            label="Reconnect Bank"
            className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700"
            locale={locale}
            onDone={onChanged}
          />
        ) : null}
      </div>
    );
  } else if (run?.status === "failed" && run.autoFetchUnsupported && !view.autoSync) {
    content = <p className="text-slate-600">Automatic synchronization is disabled: use “Fetch Transactions” to synchronize.</p>;
  } else if (run?.status === "failed") {
    content = (
      <div className="flex flex-col items-start gap-1.5 text-red-700">
        <p>
          {run.errorMessage ?? "The last synchronization failed."}
          <ErrorReference reference={run.errorReference} />
        </p>
        {run.autoFetchUnsupported && canWrite ? <DisableAutoSync connectionId={view.connectionId} onChanged={onChanged} /> : null}
      </div>
    );
  } else if (run?.status === "succeeded") {
    content = (
      <>
        <p>
          <Link href={`/journals/${view.journalId}/reconciliation`} className="text-brand hover:underline">
            {transactions(run.imported)} fetched
          </Link>
        </p>
        {run.refreshLimitedUntil ? <RefreshLimitNotice until={run.refreshLimitedUntil} locale={locale} /> : null}
      </>
    );
  }
  return (
    <div data-testid="journal-sync-status" role="status" aria-live="polite">
      {content}
    </div>
  );
}
