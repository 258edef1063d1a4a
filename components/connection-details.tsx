import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ConnectionTime } from "@/components/connection-time";
import { CopyButton } from "@/components/ui/copy-button";
import type { ConnectionDetail } from "@/lib/banksync/connections/detail";

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:gap-4">
      <dt className="w-44 shrink-0 text-slate-500">{term}</dt>
      <dd className="flex flex-wrap items-center gap-2 break-all">{children}</dd>
    </div>
  );
}

/** Who and what the connection is, with the client ID a support desk asks for. */
export function ConnectionDetails({ detail, locale }: { detail: ConnectionDetail; locale: string }) {
  const t = useTranslations("Connection.details");
  return (
    <section aria-labelledby="connection-details" className="mb-8">
      <h2 id="connection-details" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      <dl className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <Item term={t("clientId")}>
          <code className="font-mono">{detail.clientId}</code>
          <CopyButton value={detail.clientId} label={t("copyClientId")} />
        </Item>
        <Item term={t("provider")}>{detail.providerName}</Item>
        <Item term={t("institution")}>{detail.institutionName}</Item>
        <Item term={t("providerReference")}>
          <code className="font-mono">{detail.externalRef}</code>
        </Item>
        <Item term={t("consentValidUntil")}>
          <ConnectionTime at={detail.consentExpiresAt} locale={locale} style="date" />
        </Item>
        <Item term={t("created")}>
          <ConnectionTime at={detail.createdAt} locale={locale} />
        </Item>
        <Item term={t("lastRefresh")}>
          <ConnectionTime at={detail.lastRefreshAt} locale={locale} />
        </Item>
        <Item term={t("nextRefresh")}>
          <ConnectionTime at={detail.nextRefreshAt} locale={locale} />
        </Item>
      </dl>
    </section>
  );
}
