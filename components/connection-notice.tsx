import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * What the last action on a connection answered: news (a status) or a problem (an alert), with its
 * reference; `providerMessage` is the provider's own words, already labelled ("Message from …: …").
 */
export type ConnectionNoticeValue = { tone: "status" | "alert"; message: string; providerMessage?: string | null; reference?: string };

export function ConnectionNotice({ notice }: { notice: ConnectionNoticeValue }) {
  const t = useTranslations("Connection");
  const colors = notice.tone === "alert" ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800";
  return (
    <div role={notice.tone} className={`rounded-md border px-3 py-2 text-sm ${colors}`}>
      <p>{notice.message}</p>
      {notice.providerMessage ? <p className="mt-1 whitespace-pre-line">{notice.providerMessage}</p> : null}
      {notice.reference ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <span>{t.rich("reference", { reference: notice.reference, code: (chunks) => <code className="font-mono">{chunks}</code> })}</span>
          <CopyButton value={notice.reference} label={t("copyReference")} />
        </p>
      ) : null}
    </div>
  );
}
