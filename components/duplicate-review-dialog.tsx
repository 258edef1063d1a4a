"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useEffectEvent, useState, useTransition } from "react";
import {
  deleteDuplicatesAction,
  dismissDuplicatesAction,
  duplicateDefaultsAction,
  findDuplicatesAction,
  type ReviewGroup,
} from "@/app/(app)/journals/[id]/reconciliation/duplicate-actions";
import { DuplicateGroup } from "@/components/duplicate-group";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { formatDate } from "@/lib/dates";

type Notice = { tone: "alert" | "status"; text: string };

/** "Find Duplicate Transactions" (DESIGN.md, "Duplicates"): the look-alike groups since a date, to delete or dismiss. */
export function DuplicateReviewDialog({
  journalId,
  locale,
  open,
  onOpenChange,
}: {
  journalId: string;
  locale: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("Duplicates");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("title")}
      description={t("description")}
      wide="xl"
    >
      {/* Mounted while open only: each opening starts from the default date and a fresh search. */}
      <DuplicateReview journalId={journalId} locale={locale} />
    </Dialog>
  );
}

function DuplicateReview({ journalId, locale }: { journalId: string; locale: string }) {
  const t = useTranslations("Duplicates");
  const router = useRouter();
  const [since, setSince] = useState("");
  const [hint, setHint] = useState<string | undefined>();
  const [groups, setGroups] = useState<ReviewGroup[] | null>(null);
  const [searched, setSearched] = useState("");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, startWork] = useTransition();

  /** Searches and shows the groups; the notice of what was just done stays. */
  async function search(from: string) {
    const answer = await findDuplicatesAction({ journalId, since: from });
    if (!answer.ok) {
      setNotice({ tone: "alert", text: answer.message });
      return;
    }
    setGroups(answer.groups);
    setSearched(from);
    setSelected(new Set());
  }

  const openWithDefaults = useEffectEvent(() =>
    startWork(async () => {
      const defaults = await duplicateDefaultsAction(journalId);
      if (!defaults.ok) {
        setNotice({ tone: "alert", text: defaults.message });
        return;
      }
      setSince(defaults.since);
      setHint(defaults.fromLatestImport ? t("fromLatestImport") : t("oneMonthAgo"));
      await search(defaults.since);
    }),
  );
  // Once per opening (this component lives while the dialog is open); later searches are the user's.
  useEffect(() => openWithDefaults(), [journalId]);

  const toggle = (lineId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(lineId)) next.add(lineId);
      return next;
    });

  const afterChange = async (text: string) => {
    setNotice({ tone: "status", text });
    router.refresh();
    await search(searched);
  };

  const dismiss = (group: ReviewGroup) =>
    startWork(async () => {
      setNotice(null);
      const answer = await dismissDuplicatesAction({ journalId, lineIds: group.lines.map((line) => line.id) });
      if (!answer.ok) setNotice({ tone: "alert", text: answer.message });
      else await afterChange(t("dismissed"));
    });

  const remove = () =>
    startWork(async () => {
      const answer = await deleteDuplicatesAction({ journalId, lineIds: [...selected] });
      setConfirming(false);
      if (!answer.ok) setNotice({ tone: "alert", text: answer.message });
      else await afterChange(t("deleted", { count: answer.deleted }));
    });

  return (
    <div className="flex flex-col gap-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setNotice(null);
          startWork(() => search(since));
        }}
      >
        <TextField label={t("startDate")} name="since" type="date" required value={since} onChange={(event) => setSince(event.target.value)} hint={hint} />
        <Button type="submit" disabled={busy || since === ""} aria-busy={busy}>
          {t("search")}
        </Button>
      </form>

      {notice ? (
        <p
          role={notice.tone}
          className={`rounded-md border px-3 py-2 text-sm ${notice.tone === "alert" ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800"}`}
        >
          {notice.text}
        </p>
      ) : null}

      {groups === null ? (
        busy ? (
          <p role="status" className="text-sm text-slate-600">
            {t("searching")}
          </p>
        ) : null
      ) : groups.length === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          {t("none", { date: formatDate(searched, locale) })}
        </p>
      ) : (
        <>
          {groups.map((group, index) => (
            <DuplicateGroup
              key={group.lines[0]!.id}
              group={group}
              position={index + 1}
              count={groups.length}
              locale={locale}
              selected={selected}
              busy={busy}
              onToggle={toggle}
              onDismiss={() => dismiss(group)}
            />
          ))}
          <div className="flex items-center justify-end gap-3">
            <span className="text-sm text-slate-600">{t("selected", { count: selected.size })}</span>
            <Button
              variant="danger"
              disabled={busy}
              onClick={() => {
                if (selected.size === 0) setNotice({ tone: "alert", text: t("errors.selectToDelete") });
                else setConfirming(true);
              }}
            >
              {t("deleteSelected")}
            </Button>
          </div>
        </>
      )}

      <Dialog
        open={confirming}
        onOpenChange={(next) => (busy ? undefined : setConfirming(next))}
        title={t("confirmTitle", { count: selected.size })}
        description={t("confirmDescription")}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
            {t("cancel")}
          </Button>
          <Button variant="danger" onClick={remove} disabled={busy} aria-busy={busy}>
            {t("delete")}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
