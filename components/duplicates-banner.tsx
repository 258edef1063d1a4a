"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DuplicateReviewDialog } from "@/components/duplicate-review-dialog";

/**
 * Lines imported but flagged as possible duplicates wait for a decision: the banner leads writers to
 * the review, and readers to the lines themselves.
 */
export function DuplicatesBanner({
  journalId,
  locale,
  count,
  writable,
  linesHref,
}: {
  journalId: string;
  locale: string;
  count: number;
  writable: boolean;
  /** The view filtered to the flagged lines. */
  linesHref: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {count > 0 ? <Banner count={count} writable={writable} linesHref={linesHref} onReview={() => setOpen(true)} /> : null}
      {/* Mounted even when nothing is flagged any more: the review stays open to say what it did. */}
      {writable ? <DuplicateReviewDialog journalId={journalId} locale={locale} open={open} onOpenChange={setOpen} /> : null}
    </>
  );
}

function Banner({ count, writable, linesHref, onReview }: { count: number; writable: boolean; linesHref: string; onReview: () => void }) {
  const t = useTranslations("Duplicates");
  return (
    <div role="note" className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <span>
        <span aria-hidden="true">⚠ </span>
        {t("banner.count", { count })}
      </span>
      {writable ? (
        <>
          <button type="button" onClick={onReview} className="rounded-md border border-amber-400 bg-white px-2.5 py-0.5 font-medium hover:bg-amber-100">
            {t("banner.review")}
          </button>
        </>
      ) : (
        <Link href={linesHref} className="font-medium underline-offset-2 hover:underline">
          {t("banner.showThem")}
        </Link>
      )}
    </div>
  );
}
