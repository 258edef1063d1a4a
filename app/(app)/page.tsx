import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConsentNotices } from "@/components/consent-notices";
import { DashboardActions } from "@/components/dashboard-actions";
import { JournalCard } from "@/components/journal-card";
import { getDb } from "@/db";
import { canWrite } from "@/lib/banksync/actor";
import { getCompany } from "@/lib/banksync/companies";
import { listConsentNotices } from "@/lib/banksync/connections/notices";
import { listCatalogCountries } from "@/lib/banksync/institutions";
import { listJournalCards } from "@/lib/banksync/journals";
import { appClock } from "@/lib/clock";
import { countryName } from "@/lib/countries";
import { isoDate } from "@/lib/dates";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Dashboard");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const { user, actor } = await requireViewer();
  const db = await getDb();
  // The app's clock, not the machine's: in sandbox mode it follows the simulated world's.
  const now = appClock.now();
  const [cards, locale, company, catalogCountries, notices, t] = await Promise.all([
    listJournalCards(db, actor, isoDate(now)),
    requestLocale(),
    getCompany(db, actor),
    canWrite(actor) ? listCatalogCountries(db) : Promise.resolve([]),
    listConsentNotices(db, actor, now),
    getTranslations("Dashboard"),
  ]);
  // The company's own country stays offered (it is the filter's default) even before the catalog lists a bank there.
  const countries = [...new Set([company.country, ...catalogCountries])]
    .map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return (
    <>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        {canWrite(actor) ? <DashboardActions companyCountry={company.country} countries={countries} locale={locale} /> : null}
      </div>
      <ConsentNotices notices={notices} locale={locale} developerMode={user.developerMode && canWrite(actor)} />
      {cards.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {canWrite(actor) ? t("emptyWriter") : t("empty")}
        </p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3" aria-label={t("journals")}>
          {cards.map((card) => (
            <li key={card.id}>
              <JournalCard
                card={card}
                locale={locale}
                now={now}
                canWrite={canWrite(actor)}
                menu={canWrite(actor) ? { companyCountry: company.country, countries } : null}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
