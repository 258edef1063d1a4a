"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { z } from "zod";
import { fetchTransactionsAction } from "@/app/(app)/sync-actions";
import { JournalSyncStatus } from "@/components/journal-sync-status";
import { LocalTime } from "@/components/journal-sync-time";
import { ReconnectBank } from "@/components/reconnect-bank";
import { Button } from "@/components/ui/button";
import type { MessageKey } from "@/i18n/message";
import type { Said, StoredText } from "@/lib/banksync/connections/stored-text";
import type { JournalSyncView } from "@/lib/banksync/journal-links";

const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "an ISO instant");

const said: z.ZodType<Said> = z.lazy(() =>
  z.object({
    key: z.custom<MessageKey>((v) => typeof v === "string"),
    values: z.record(z.string(), z.union([z.string(), z.number(), said])).optional(),
  }),
);

/** A stored text as the view carries it (lib/banksync/connections/stored-text.ts). */
const storedText: z.ZodType<StoredText> = z.union([z.object({ said, providerMessage: z.string().nullable() }), z.object({ text: z.string() })]);

/** What the polling route answers; checked, since the card acts on it. */
const syncView: z.ZodType<JournalSyncView> = z.object({
  journalId: z.string(),
  connectionId: z.string(),
  providerName: z.string(),
  state: z.enum(["connected", "action_required", "error", "disconnected"]),
  autoSync: z.boolean(),
  mfa: z.boolean(),
  accountMissing: z.boolean(),
  consentExpiresAt: instant.nullable(),
  consentExpiringSoon: z.boolean(),
  lastRefreshAt: instant.nullable(),
  nextRefreshAt: instant.nullable(),
  lastError: z.object({ message: storedText, reference: z.string().nullable() }).nullable(),
  run: z
    .object({
      id: z.string(),
      status: z.enum(["queued", "running", "succeeded", "failed"]),
      trigger: z.enum(["initial", "manual", "scheduled", "missing", "update"]),
      fetched: z.number().int(),
      imported: z.number().int(),
      errorMessage: storedText.nullable(),
      errorReference: z.string().nullable(),
      autoFetchUnsupported: z.boolean(),
      refreshLimitedUntil: instant.nullable(),
      finishedAt: instant.nullable(),
    })
    .nullable(),
});

/** The route's own words for a refusal (in the reader's language), else `fallback` with the HTTP status. */
async function readSync(journalId: string, fallback: (status: number) => string): Promise<JournalSyncView> {
  const response = await fetch(`/api/banksync/journals/${journalId}/sync`, { cache: "no-store" });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(z.object({ error: z.string() }).safeParse(body).data?.error ?? fallback(response.status));
  return z.object({ sync: syncView }).parse(body).sync;
}

function isRunning(view: JournalSyncView): boolean {
  return view.run?.status === "queued" || view.run?.status === "running";
}

function SyncTime({ testId, label, iso, locale }: { testId: string; label: string; iso: string | null; locale: string }) {
  if (!iso) return null;
  return (
    <div data-testid={testId}>
      <dt className="inline">{label}: </dt>
      <dd className="inline">
        <LocalTime iso={iso} locale={locale} />
      </dd>
    </div>
  );
}

/** Often enough to show progress, rarely enough to cost nothing while a run lasts minutes. */
const POLL_MS = 1500;

/**
 * The bank feed part of a journal card: its status, polled while a synchronization is queued or
 * running (the first one starts by itself after "Synchronize"), the next and last synchronization,
 * and "Fetch Transactions" for those who may write.
 */
export function JournalSyncPanel({ initial, locale, canWrite }: { initial: JournalSyncView; locale: string; canWrite: boolean }) {
  const t = useTranslations("JournalSync");
  const router = useRouter();
  const journalId = initial.journalId;
  const [requesting, startRequest] = useTransition();
  const [requestError, setRequestError] = useState<string | null>(null);
  const sync = useQuery({
    queryKey: ["journal-sync", journalId],
    queryFn: () => readSync(journalId, (status) => t("readFailed", { status })),
    initialData: initial,
    // A card mounted again (after navigating back) starts from the server's fresh render, not an old copy.
    gcTime: 0,
    refetchInterval: (query) => (query.state.status !== "error" && isRunning(query.state.data ?? initial) ? POLL_MS : false),
  });
  const view = sync.data;
  const { refetch } = sync;

  // A run that just finished changed the balance, the lines to reconcile and the chart: render them again.
  const seen = useRef({ runId: view.run?.id ?? null, running: isRunning(view) });
  useEffect(() => {
    const before = seen.current;
    const running = isRunning(view);
    seen.current = { runId: view.run?.id ?? null, running };
    if (!running && (before.running || before.runId !== (view.run?.id ?? null))) router.refresh();
  }, [view, router]);

  const fetchTransactions = () => {
    setRequestError(null);
    startRequest(async () => {
      const answer = await fetchTransactionsAction(journalId);
      if (!answer.ok) setRequestError(answer.message);
      await refetch();
    });
  };

  const fetching = requesting || isRunning(view);
  const consentEnd = view.consentExpiresAt;
  return (
    <div className="flex flex-col gap-1.5 text-sm">
      <JournalSyncStatus view={view} fetching={fetching} locale={locale} canWrite={canWrite} onChanged={() => void refetch()} />
      {consentEnd ? (
        <p className={view.consentExpiringSoon ? "text-amber-800" : "text-slate-600"} data-testid="journal-consent">
          {t.rich("connectedUntil", { date: () => <LocalTime iso={consentEnd} locale={locale} style="date" /> })}
          {view.consentExpiringSoon && canWrite ? (
            <>
              {" "}
              {/* A new consent through the provider's pages renews the connection in place. */}
              <ReconnectBank
                connectionId={view.connectionId}
                label={t("extendConnection")}
                className="font-medium text-brand hover:underline"
                locale={locale}
                onDone={() => void refetch()}
              />
            </>
          ) : null}
        </p>
      ) : null}
      <dl className="text-xs text-slate-500">
        <SyncTime testId="journal-next-sync" label={t("nextSync")} iso={view.nextRefreshAt} locale={locale} />
        <SyncTime testId="journal-last-sync" label={t("lastSync")} iso={view.lastRefreshAt} locale={locale} />
      </dl>
      {canWrite && view.state !== "disconnected" ? (
        <div>
          {view.mfa ? (
            // The bank asks for a code at every refresh, which only its own pages can take: the pop-up, then the synchronization.
            <ReconnectBank
              connectionId={view.connectionId}
              label={t("fetchTransactions")}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
              locale={locale}
              onDone={() => void refetch()}
            />
          ) : (
            <Button variant="secondary" onClick={fetchTransactions} disabled={requesting} aria-busy={fetching}>
              {t("fetchTransactions")}
            </Button>
          )}
        </div>
      ) : null}
      {requestError ? (
        <p role="alert" className="text-red-700">
          {requestError}
        </p>
      ) : null}
      {sync.error && isRunning(view) ? (
        <p role="alert" className="text-red-700">
          {sync.error.message}
        </p>
      ) : null}
    </div>
  );
}
