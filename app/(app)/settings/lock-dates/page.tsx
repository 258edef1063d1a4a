import type { Metadata } from "next";
import { LockDateForm } from "@/components/lock-date-form";
import { getDb } from "@/db";
import { getCompany } from "@/lib/banksync/companies";
import { formatDate } from "@/lib/dates";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Lock Dates" };

export default async function LockDatesPage() {
  const { actor } = await requireViewer();
  const [company, locale] = await Promise.all([getCompany(await getDb(), actor), requestLocale()]);
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Lock Dates</h1>
      <p className="mb-6 max-w-2xl text-sm text-slate-600">
        Nothing dated on or before the “Lock Everything” date can be created, changed or deleted, and bank synchronization
        imports nothing from that period.
        {company.lockEverythingDate ? ` The books are locked up to ${formatDate(company.lockEverythingDate, locale)}.` : " No period is locked."}
      </p>
      {actor.role === "admin" ? (
        <LockDateForm current={company.lockEverythingDate ?? ""} />
      ) : (
        <p className="text-sm text-slate-600">Only administrators can change the lock date.</p>
      )}
    </>
  );
}
