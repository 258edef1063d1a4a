import { useTranslations } from "next-intl";
import type { UploadProgress } from "@/components/statement-import-upload";

/**
 * A progress bar (`name` for screen readers) with its words above it. `percent` null draws an indeterminate bar (no
 * aria-valuenow, as ARIA says for a progress whose end is unknown).
 */
export function ProgressBar({ name, label, percent }: { name: string; label: string; percent: number | null }) {
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-sm text-slate-700">{label}</p>
      <div
        role="progressbar"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        {percent === null ? (
          <div className="h-full w-1/3 animate-pulse rounded-full bg-brand" />
        ) : (
          <div className="h-full rounded-full bg-brand transition-[width]" style={{ width: `${percent}%` }} />
        )}
      </div>
    </div>
  );
}

/** The upload's bar: "Uploading… 45%" while the bytes go out, then "Reading the file…" while the server parses them. */
export function UploadProgressBar({ progress }: { progress: UploadProgress }) {
  const t = useTranslations("StatementImport.progress");
  if (progress.phase === "reading") return <ProgressBar name={t("upload")} label={t("reading")} percent={null} />;
  const label = progress.percent === null ? t("uploading") : t("uploadingPercent", { percent: progress.percent });
  return <ProgressBar name={t("upload")} label={label} percent={progress.percent} />;
}
