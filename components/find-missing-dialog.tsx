"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition, type FormEvent } from "react";
import { findMissingAction, importMissingAction, type MissingRow } from "@/app/(app)/journals/[id]/reconciliation/missing-actions";
import { FindMissingResults } from "@/components/find-missing-results";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import { defaultStartDate, localToday } from "@/lib/banksync/missing/start-date";
import { formatDate } from "@/lib/dates";

type Props = { journalId: string; currency: string; locale: string; open: boolean; onOpenChange: (open: boolean) => void };

/**
 * "Find Missing Transactions" (the journal view's gear menu): asks the bank for what it has since a
 * date, lists what the journal lacks, and imports the chosen posted ones. Its state lives in the
 * dialog's content, which unmounts on close: every opening starts afresh.
 */
export function FindMissingDialog({ journalId, locale, open, onOpenChange }: Props) {
  const t = useTranslations("FindMissing");
  const [importing, setImporting] = useState(false);
  return (
    <Dialog
      open={open}
      // An import under way finishes before the dialog can close: its outcome must be seen.
      onOpenChange={(next) => (importing ? undefined : onOpenChange(next))}
      title={t("title")}
      description={t("description")}
      wide="xl"
    >
      <FindMissing journalId={journalId} locale={locale} onImportingChange={setImporting} />
    </Dialog>
  );
}

type Listing = { fetchId: string; since: string; rows: MissingRow[]; warnings: string[] };
type Notice = { tone: "error" | "success"; message: string; reference?: string };

function FindMissing({ journalId, locale, onImportingChange }: { journalId: string; locale: string; onImportingChange: (busy: boolean) => void }) {
  const t = useTranslations("FindMissing");
  const router = useRouter();
  const [since, setSince] = useState(() => defaultStartDate(new Date()));
  const [today] = useState(() => localToday(new Date()));
  const [listing, setListing] = useState<Listing | null>(null);
  const [showPending, setShowPending] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fetching, startFetching] = useTransition();
  const [importing, startImporting] = useTransition();
  const busy = fetching || importing;

  const fetchMissing = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    startFetching(async () => {
      const answer = await findMissingAction({ journalId, since });
      if (!answer.ok) {
        setNotice({ tone: "error", message: answer.message, reference: answer.reference });
        return;
      }
      setListing({ fetchId: answer.fetchId, since: answer.since, rows: answer.transactions, warnings: answer.warnings });
      setSelected(new Set());
    });
  };

  const importSelected = () => {
    if (!listing) return;
    setNotice(null);
    onImportingChange(true);
    startImporting(async () => {
      try {
        const ids = [...selected];
        const answer = await importMissingAction({ journalId, fetchId: listing.fetchId, ids });
        if (!answer.ok) {
          setNotice({ tone: "error", message: answer.message, reference: answer.reference });
          return;
        }
        const { imported: count, flagged } = answer;
        setNotice({ tone: "success", message: flagged > 0 ? t("importedFlagged", { count, flagged }) : t("imported", { count }) });
        // What was chosen is in the journal now: it is no longer missing.
        setListing({ ...listing, rows: listing.rows.filter((r) => !selected.has(r.id)) });
        setSelected(new Set());
        router.refresh();
      } finally {
        onImportingChange(false);
      }
    });
  };

  const rows = listing ? listing.rows.filter((r) => showPending || r.status === "posted") : [];
  const pendingCount = listing ? listing.rows.length - listing.rows.filter((r) => r.status === "posted").length : 0;

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={fetchMissing} noValidate className="flex items-end gap-2">
        <TextField label={t("startDate")} name="since" type="date" value={since} max={today} required onChange={(e) => setSince(e.target.value)} />
        <Button type="submit" disabled={busy} aria-busy={fetching}>
          {t("fetch")}
        </Button>
      </form>

      {/* Always there, so progress and outcomes never push the content around. */}
      <p role="status" className="min-h-5 text-sm text-slate-600">
        {fetching ? t("fetching") : importing ? t("importing") : notice?.tone === "success" ? notice.message : ""}
      </p>
      {notice?.tone === "error" ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <span>{notice.message}</span>
          {notice.reference ? <CopyButton value={notice.reference} label={t("reference")} /> : null}
        </div>
      ) : null}

      {listing ? (
        <>
          {listing.warnings.map((warning) => (
            <p key={warning} role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              <span aria-hidden="true">⚠ </span>
              {warning}
            </p>
          ))}
          {listing.rows.length === 0 ? (
            <p className="text-sm text-slate-600">{t("none", { date: formatDate(listing.since, locale) })}</p>
          ) : (
            <>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={showPending} onChange={(e) => setShowPending(e.target.checked)} />
                {t("showPending")}
                {pendingCount > 0 ? <span className="text-slate-500">({pendingCount})</span> : null}
              </label>
              {rows.length === 0 ? (
                <p className="text-sm text-slate-600">{t("onlyPending", { date: formatDate(listing.since, locale) })}</p>
              ) : (
                <FindMissingResults rows={rows} selected={selected} onSelectedChange={setSelected} locale={locale} busy={busy} />
              )}
              {showPending && pendingCount > 0 ? <p className="text-xs text-slate-500">{t("results.pendingHint")}</p> : null}
              <div className="flex items-center justify-end gap-3">
                <span className="text-sm text-slate-600">{t("selected", { count: selected.size })}</span>
                <Button onClick={importSelected} disabled={busy} aria-busy={importing}>
                  {t("import")}
                </Button>
              </div>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
