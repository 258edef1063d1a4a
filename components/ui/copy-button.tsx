"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** Copies a value (an error reference, a client ID) to the clipboard and says so. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useTranslations("Ui");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100"
      aria-label={t("copyLabel", { label })}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}
