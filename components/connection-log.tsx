import Link from "next/link";
import { LocalTime } from "@/components/journal-sync-time";
import { CopyButton } from "@/components/ui/copy-button";
import type { LogEntry, LogPage } from "@/lib/banksync/connections/log";

/** Warnings and errors say so in words as well as colour; plain information needs no mark. */
const levels: Record<LogEntry["level"], { icon: string; name: string; color: string } | null> = {
  info: null,
  warning: { icon: "⚠", name: "Warning", color: "text-amber-800" },
  error: { icon: "✖", name: "Error", color: "text-red-700" },
};

function Entry({ entry, locale }: { entry: LogEntry; locale: string }) {
  const level = levels[entry.level];
  return (
    <li className="flex flex-col gap-1 border-t border-slate-100 px-4 py-3 first:border-t-0">
      <p className="flex flex-wrap items-center gap-x-3 text-xs text-slate-500">
        <LocalTime iso={entry.createdAt.toISOString()} locale={locale} />
        <span>{entry.author ?? "Banksync"}</span>
        {level ? (
          <span className={`inline-flex items-center gap-1 font-medium ${level.color}`}>
            <span aria-hidden="true">{level.icon}</span>
            {level.name}
          </span>
        ) : null}
      </p>
      <p className="whitespace-pre-line">{entry.text}</p>
      {entry.reference ? (
        <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span>
            Reference: <code className="font-mono">{entry.reference}</code>
          </span>
          <CopyButton value={entry.reference} label="reference" />
        </p>
      ) : null}
    </li>
  );
}

/** Everything that happened to the connection (the chatter), newest first, a page at a time (`?log=N`). */
export function ConnectionLog({ log, locale, basePath }: { log: LogPage; locale: string; basePath: string }) {
  const pageHref = (page: number) => `${basePath}?log=${page}`;
  return (
    <section aria-labelledby="connection-log" className="mb-8">
      <h2 id="connection-log" className="mb-3 text-lg font-semibold">
        Log
      </h2>
      {log.entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">Nothing logged yet.</p>
      ) : (
        <ol className="rounded-lg border border-slate-200 bg-white text-sm" aria-label="Log entries, newest first">
          {log.entries.map((entry) => (
            <Entry key={entry.id} entry={entry} locale={locale} />
          ))}
        </ol>
      )}
      <nav aria-label="Log pages" className="mt-3 flex items-center justify-between text-sm">
        {log.page > 1 ? (
          <Link href={pageHref(log.page - 1)} className="text-brand hover:underline">
            <span aria-hidden="true">← </span>Newer
          </Link>
        ) : (
          <span />
        )}
        <span>
          Page {log.page} of {log.pageCount}
        </span>
        {log.page < log.pageCount ? (
          <Link href={pageHref(log.page + 1)} className="text-brand hover:underline">
            Older<span aria-hidden="true"> →</span>
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </section>
  );
}
