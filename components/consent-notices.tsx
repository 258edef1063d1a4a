import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ConsentNotice } from "@/lib/banksync/connections/notices";

/**
 * The dashboard's reminders that a bank consent ends soon (sent 15, 3 and 1 days before): shown until
 * the consent is extended. Developers also get a link to the connection's page.
 */
export function ConsentNotices({ notices, locale, developerMode }: { notices: ConsentNotice[]; locale: string; developerMode: boolean }) {
  const t = useTranslations("ConsentNotices");
  if (notices.length === 0) return null;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return (
    <ul aria-label={t("label")} className="mb-6 flex flex-col gap-2">
      {notices.map((n) => (
        <li key={n.connectionId} role="note" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <span aria-hidden="true">⚠ </span>
          {t("endsSoon", { institution: n.institutionName, provider: n.providerName, date: when.format(n.consentExpiresAt) })}
          {developerMode ? (
            <>
              {" "}
              <Link href={`/configuration/online-synchronization/${n.connectionId}`} className="font-medium underline">
                {t("open")}
              </Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
