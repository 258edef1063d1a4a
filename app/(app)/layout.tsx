import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";
import { UserMenu } from "@/components/user-menu";
import { getDb } from "@/db";
import { getCompany } from "@/lib/banksync/companies";
import { env } from "@/lib/env";
import { requireViewer } from "@/lib/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, actor } = await requireViewer();
  const [company, t] = await Promise.all([getCompany(await getDb(), actor), getTranslations("Nav")]);
  const sandbox = env().mode === "sandbox";
  return (
    <div className="min-h-screen">
      {sandbox ? (
        <div role="note" className="bg-amber-100 px-4 py-1 text-center text-xs font-medium text-amber-900">
          {t("sandboxNote")}
        </div>
      ) : null}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
          <Link href="/" className="text-lg font-semibold text-brand">
            Banksync
          </Link>
          <nav aria-label={t("main")} className="flex flex-1 items-center gap-4 text-sm">
            <Link href="/" className="hover:text-brand">
              {t("dashboard")}
            </Link>
            <Link href="/settings/lock-dates" className="hover:text-brand">
              {t("lockDates")}
            </Link>
            {actor.role === "admin" ? (
              <Link href="/settings/users" className="hover:text-brand">
                {t("users")}
              </Link>
            ) : null}
            {user.developerMode && actor.role !== "viewer" ? (
              <span className="flex items-center gap-1 text-slate-500">
                {t("configuration")}
                <Link href="/configuration/online-synchronization" className="text-slate-900 hover:text-brand">
                  {t("onlineSynchronization")}
                </Link>
              </span>
            ) : null}
          </nav>
          <span className="hidden text-sm text-slate-600 sm:inline">{company.name}</span>
          <UserMenu email={user.email} role={actor.role} developerMode={user.developerMode} language={user.language} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
