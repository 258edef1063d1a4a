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
  return (
    <section aria-labelledby="connection-details" className="mb-8">
      <h2 id="connection-details" className="mb-3 text-lg font-semibold">
        Details
      </h2>
      <dl className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <Item term="Client ID">
          <code className="font-mono">{detail.clientId}</code>
          <CopyButton value={detail.clientId} label="client ID" />
        </Item>
        <Item term="Provider">{detail.providerName}</Item>
        <Item term="Institution">{detail.institutionName}</Item>
        <Item term="Provider reference">
          <code className="font-mono">{detail.externalRef}</code>
        </Item>
        <Item term="Consent valid until">
          <ConnectionTime at={detail.consentExpiresAt} locale={locale} style="date" />
        </Item>
        <Item term="Created">
          <ConnectionTime at={detail.createdAt} locale={locale} />
        </Item>
        <Item term="Last refresh">
          <ConnectionTime at={detail.lastRefreshAt} locale={locale} />
        </Item>
        <Item term="Next refresh">
          <ConnectionTime at={detail.nextRefreshAt} locale={locale} />
        </Item>
      </dl>
    </section>
  );
}
