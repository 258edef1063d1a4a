import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { ConnectionDetail } from "@/lib/banksync/connections/detail";

type Reported = Pick<ConnectionDetail, "clientId" | "providerName" | "institutionName"> & { lastError: NonNullable<ConnectionDetail["lastError"]> };

/** A ready-to-send e-mail to the support desk with everything it needs to find the failure. */
function reportHref(supportEmail: string, { clientId, providerName, institutionName, lastError }: Reported): string {
  const reference = lastError.reference ?? "";
  const body = [
    `Reference: ${reference}`,
    `Provider: ${providerName}`,
    `Institution: ${institutionName}`,
    `Client ID: ${clientId}`,
    `Provider code: ${lastError.code ?? ""}`,
    `Description: ${lastError.message}`,
  ].join("\n");
  return `mailto:${supportEmail}?subject=${encodeURIComponent(`Banksync connection issue ${reference}`.trim())}&body=${encodeURIComponent(body)}`;
}

function Item({ term, value, copyLabel, children }: { term: string; value: string | null; copyLabel: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:gap-4">
      <dt className="w-44 shrink-0 text-red-900/70">{term}</dt>
      <dd className="flex flex-wrap items-center gap-2 break-words">
        {children ?? (value ?? "—")}
        {value ? <CopyButton value={value} label={copyLabel} /> : null}
      </dd>
    </div>
  );
}

/** The connection's last error, each part copyable, and a way to report it (SUPPORT_EMAIL). */
export function ConnectionError({ detail, supportEmail }: { detail: Reported; supportEmail: string | undefined }) {
  const { lastError } = detail;
  return (
    <section aria-labelledby="connection-last-error" className="mb-8 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 id="connection-last-error" className="mb-3 text-lg font-semibold">
        Last error
      </h2>
      <dl className="mb-3 flex flex-col gap-2">
        <Item term="Description" value={lastError.message} copyLabel="description" />
        <Item term="Provider code" value={lastError.code} copyLabel="provider code">
          {lastError.code ? <code className="font-mono">{lastError.code}</code> : null}
        </Item>
        <Item term="Reference" value={lastError.reference} copyLabel="reference">
          {lastError.reference ? <code className="font-mono">{lastError.reference}</code> : null}
        </Item>
      </dl>
      {supportEmail ? (
        <a href={reportHref(supportEmail, detail)} className="font-medium text-brand underline-offset-2 hover:underline">
          Report issue
        </a>
      ) : (
        <p className="text-slate-700">Ask your administrator to set SUPPORT_EMAIL to report issues from here.</p>
      )}
    </section>
  );
}
