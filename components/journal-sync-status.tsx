"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition, type ReactNode } from "react";
import { setAutoSyncAction } from "@/app/(app)/sync-actions";
import { useLocalTime } from "@/components/journal-sync-time";
import { ReconnectBank } from "@/components/reconnect-bank";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { sayStoredText, type StoredText } from "@/lib/banksync/connections/stored-text";
import type { JournalSyncView } from "@/lib/banksync/journal-links";

function ErrorReference({ reference }: { reference: string | null }) {
  const t = useTranslations("JournalSync");
  if (!reference) return null;
  return (
    <span className="mt-0.5 flex flex-wrap items-center gap-2 text-xs">
      <span>{t.rich("reference", { reference, code: (chunks) => <code className="font-mono">{chunks}</code> })}</span>
      <CopyButton value={reference} label={t("referenceLabel")} />
    </span>
  );
}

/** A stored error in the reader's language, and the provider's own words, as sent, on their own line. */
function StoredError({ stored, providerName }: { stored: StoredText; providerName: string }) {
  const t = useTranslations();
  const { text, providerMessage } = sayStoredText(t as (key: string, values?: Record<string, string | number | Date>) => string, stored, providerName);
  return (
    <>
      {text}
      {providerMessage ? <span className="mt-0.5 block">{providerMessage}</span> : null}
    </>
  );
}

function RefreshLimitNotice({ until, locale }: { until: string; locale: string }) {
  const t = useTranslations("JournalSync");
  return <p className="text-slate-600">{t("refreshLimited", { time: useLocalTime(until, locale) })}</p>;
}

/** "Disable automatic synchronization": one click, for banks that refuse scheduled fetches. */
function DisableAutoSync({ connectionId, onChanged }: { connectionId: string; onChanged: () => void }) {
  const t = useTranslations("JournalSync");
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
          {t("disableAutoSync")}
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
  const t = useTranslations("JournalSync");
  const run = view.run;
  let content: ReactNode = null;
  if (fetching) {
    content = (
      <p className="text-slate-700">
        {run && run.fetched > 0 && (run.status === "queued" || run.status === "running") ? t("fetchingReceived", { count: run.fetched }) : t("fetching")}
      </p>
    );
  } else if (view.accountMissing) {
    content = (
      <div className="flex flex-col items-start gap-1.5 text-amber-800">
        <p>{t("accountMissing")}</p>
        {canWrite ? (
          <ReconnectBank
            connectionId={view.connectionId}
            label={t("updateCredentials")}
            title={t("updateCredentials")}
            note={t("updateCredentialsNote")}
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
          {error?.message ? (
            <StoredError stored={error.message} providerName={view.providerName} />
          ) : view.state === "disconnected" ? (
            t("disconnected")
          ) : (
            t("signInAgain")
          )}
          <ErrorReference reference={error?.reference ?? null} />
        </p>
        {canWrite ? (
          <ReconnectBank
            connectionId={view.connectionId}
            label={t("reconnectBank")}
            className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700"
            locale={locale}
            onDone={onChanged}
          />
        ) : null}
      </div>
    );
  } else if (run?.status === "failed" && run.autoFetchUnsupported && !view.autoSync) {
    content = <p className="text-slate-600">{t("autoSyncDisabled")}</p>;
  } else if (run?.status === "failed") {
    content = (
      <div className="flex flex-col items-start gap-1.5 text-red-700">
        <p>
          {run.errorMessage ? <StoredError stored={run.errorMessage} providerName={view.providerName} /> : t("lastFailed")}
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
            {t("fetched", { count: run.imported })}
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
