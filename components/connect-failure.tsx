import Link from "next/link";
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { useSay } from "@/components/use-say";
import type { Message } from "@/i18n/message";

export type ShownFailure = {
  kind: string;
  /** A Message, or text already said (an action's answer, an attempt stored before translation). */
  message: Message | string;
  code: string | null;
  reference: string | null;
  /** "already synchronized": the existing connection. */
  existingConnectionId?: string | null;
};

/** Why a connection did not come about, what to do next, and the reference for support. */
export function ConnectFailureNotice({ failure }: { failure: ShownFailure }) {
  const t = useTranslations("ConnectFailure");
  const say = useSay();
  // `?debug=1` turns developer mode on, where Online Synchronization lives.
  const managePage = `/configuration/online-synchronization${failure.existingConnectionId ? `/${failure.existingConnectionId}` : ""}?debug=1`;
  const code = (chunks: ReactNode) => <code className="font-mono">{chunks}</code>;
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-medium">{say(failure.message)}</p>
      {failure.kind === "already_exists" ? (
        <ul className="list-disc pl-5">
          <li>
            {t.rich("updateExisting", {
              link: (chunks) => (
                <Link href={managePage} className="underline">
                  {chunks}
                </Link>
              ),
            })}
          </li>
          <li>{t("deleteExisting")}</li>
        </ul>
      ) : null}
      {failure.reference ? (
        <p className="flex flex-wrap items-center gap-2 text-xs">
          <span>
            {failure.code
              ? t.rich("referenceWithCode", { reference: failure.reference, providerCode: failure.code, code })
              : t.rich("reference", { reference: failure.reference, code })}
          </span>
          <CopyButton value={failure.reference} label={t("referenceLabel")} />
        </p>
      ) : null}
    </div>
  );
}
