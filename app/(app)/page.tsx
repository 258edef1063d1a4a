import type { Metadata } from "next";
import { DashboardActions } from "@/components/dashboard-actions";
import { JournalCard } from "@/components/journal-card";
import { getDb } from "@/db";
import { canWrite } from "@/lib/banksync/actor";
import { listJournalCards } from "@/lib/banksync/journals";
import { isoDate } from "@/lib/dates";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Accounting Dashboard" };

export default async function DashboardPage() {
  const { actor } = await requireViewer();
  const [cards, locale] = await Promise.all([listJournalCards(await getDb(), actor, isoDate(new Date())), requestLocale()]);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Accounting Dashboard</h1>
        {canWrite(actor) ? <DashboardActions /> : null}
      </div>
      {cards.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          No journals yet.{canWrite(actor) ? " Click “New”, then “Bank”, to add your bank account." : ""}
        </p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3" aria-label="Journals">
          {cards.map((card) => (
            <li key={card.id}>
              <JournalCard card={card} locale={locale} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
