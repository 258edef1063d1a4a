"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useOptimistic, useState, useTransition } from "react";
import { setAutoSyncAction } from "@/app/(app)/sync-actions";

/** The connection's "Automatic synchronization" switch; it flips at once and turns back if the change fails. */
export function AutoSyncSwitch({ connectionId, enabled }: { connectionId: string; enabled: boolean }) {
  const router = useRouter();
  const t = useTranslations("Connection");
  const [saving, startSaving] = useTransition();
  const [shown, setShown] = useOptimistic(enabled);
  const [error, setError] = useState<string | null>(null);
  const toggle = () => {
    // Not disabled while saving, so keyboard focus stays on the switch; a second press waits.
    if (saving) return;
    setError(null);
    startSaving(async () => {
      setShown(!shown);
      const answer = await setAutoSyncAction({ connectionId, enabled: !shown });
      if (!answer.ok) setError(answer.message);
      router.refresh();
    });
  };
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={shown}
        aria-busy={saving}
        onClick={toggle}
        className="inline-flex w-fit items-center gap-2 rounded-md py-1 text-sm font-medium text-slate-800 aria-busy:opacity-60"
      >
        <span aria-hidden="true" className={`relative inline-block h-5 w-9 rounded-full transition-colors ${shown ? "bg-brand" : "bg-slate-300"}`}>
          <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${shown ? "left-4.5" : "left-0.5"}`} />
        </span>
        {t("autoSync")}
      </button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
