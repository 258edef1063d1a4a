import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { ConnectionDetail } from "@/lib/banksync/connections/detail";
import { sayStoredText } from "@/lib/banksync/connections/stored-text";

type Reported = Pick<ConnectionDetail, "clientId" | "providerName" | "institutionName"> & { lastError: NonNullable<ConnectionDetail["lastError"]> };

type Said = { text: string; providerMessage: string | null };

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
  const t = useTranslations("Connection.lastError");
  const say = useTranslations();
  const { lastError } = detail;
  const said: Said = sayStoredText(say as unknown as Parameters<typeof sayStoredText>[0], lastError.message, detail.providerName);
  const description = said.providerMessage ? `${said.text}\n${said.providerMessage}` : said.text;
  const reference = lastError.reference ?? "";
  // A ready-to-send e-mail to the support desk with everything it needs to find the failure.
  const body = t("reportBody", {
    reference,
    provider: detail.providerName,
    institution: detail.institutionName,
    clientId: detail.clientId,
    code: lastError.code ?? "",
    description,
  });
  const subject = t("reportSubject", { reference }).trim();
  return (
    <section aria-labelledby="connection-last-error" className="mb-8 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 id="connection-last-error" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      <dl className="mb-3 flex flex-col gap-2">
        <Item term={t("description")} value={description} copyLabel={t("copyDescription")}>
          <span className="flex flex-col gap-1">
            <span>{said.text}</span>
            {said.providerMessage ? <span className="whitespace-pre-line">{said.providerMessage}</span> : null}
          </span>
        </Item>
        <Item term={t("providerCode")} value={lastError.code} copyLabel={t("copyProviderCode")}>
          {lastError.code ? <code className="font-mono">{lastError.code}</code> : null}
        </Item>
        <Item term={t("reference")} value={lastError.reference} copyLabel={say("Connection.copyReference")}>
          {lastError.reference ? <code className="font-mono">{lastError.reference}</code> : null}
        </Item>
      </dl>
      {supportEmail ? (
        <a
          href={`mailto:${supportEmail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`}
          className="font-medium text-brand underline-offset-2 hover:underline"
        >
          {t("reportIssue")}
        </a>
      ) : (
        <p className="text-slate-700">{t("noSupportEmail")}</p>
      )}
    </section>
  );
}
