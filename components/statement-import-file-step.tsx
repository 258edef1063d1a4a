"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { maxStatementFileBytes } from "@/lib/banksync/statement-files/types";

export const statementFileAccept = ".csv,.txt,.ofx,.qfx,.xml,.053";

/** The first step: the file input. A new choice replaces the previous one; `busy` while a choice is being read. */
export function StatementFileStep({
  journalName,
  currency,
  busy,
  onFile,
}: {
  journalName: string;
  currency: string;
  busy: boolean;
  onFile: (file: File) => void;
}) {
  const id = useId();
  const t = useTranslations("StatementImport");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {t("fileLabel")}
      </label>
      <input
        id={id}
        type="file"
        name="statement"
        accept={statementFileAccept}
        disabled={busy}
        data-autofocus
        aria-describedby={`${id}-hint`}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm file:mr-3 file:rounded file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-sm"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
        }}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {t("fileHint", { megabytes: maxStatementFileBytes / (1024 * 1024), journal: journalName, currency })}
      </p>
    </div>
  );
}
