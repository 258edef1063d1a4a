"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

/** Often enough to follow a run, rarely enough to cost little while it lasts minutes. */
const POLL_MS = 2000;

/**
 * While a synchronization is queued or running, renders the page again every 2 s so its accounts,
 * state and log follow the run; the refresh that finds it finished stops the polling.
 */
export function ConnectionRefresher({ active }: { active: boolean }) {
  const router = useRouter();
  const t = useTranslations("Connection");
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => router.refresh(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, router]);
  if (!active) return null;
  return (
    <p role="status" className="mb-4 text-sm text-slate-700">
      {t("synchronizing")}
    </p>
  );
}
