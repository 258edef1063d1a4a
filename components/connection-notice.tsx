import { CopyButton } from "@/components/ui/copy-button";

/** What the last action on a connection answered: news (a status) or a problem (an alert), with its reference. */
export type ConnectionNoticeValue = { tone: "status" | "alert"; message: string; reference?: string };

export function ConnectionNotice({ notice }: { notice: ConnectionNoticeValue }) {
  const colors = notice.tone === "alert" ? "border-red-200 bg-red-50 text-red-800" : "border-green-200 bg-green-50 text-green-800";
  return (
    <div role={notice.tone} className={`rounded-md border px-3 py-2 text-sm ${colors}`}>
      <p>{notice.message}</p>
      {notice.reference ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <span>
            Reference: <code className="font-mono">{notice.reference}</code>
          </span>
          <CopyButton value={notice.reference} label="reference" />
        </p>
      ) : null}
    </div>
  );
}
