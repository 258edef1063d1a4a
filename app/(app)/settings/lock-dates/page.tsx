import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LockDateForm } from "@/components/lock-date-form";
import { getDb } from "@/db";
import { getCompany } from "@/lib/banksync/companies";
import { formatDate } from "@/lib/dates";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("LockDates");
  return { title: t("title") };
}

export default async function LockDatesPage() {
  const { actor } = await requireViewer();
  const [company, locale, t] = await Promise.all([getCompany(await getDb(), actor), requestLocale(), getTranslations("LockDates")]);
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">{t("title")}</h1>
      <p className="mb-6 max-w-2xl text-sm text-slate-600">
        {company.lockEverythingDate ? t("introLocked", { date: formatDate(company.lockEverythingDate, locale) }) : t("introUnlocked")}
      </p>
      {actor.role === "admin" ? (
        <LockDateForm current={company.lockEverythingDate ?? ""} />
      ) : (
        <p className="text-sm text-slate-600">{t("adminOnly")}</p>
      )}
    </>
  );
}
