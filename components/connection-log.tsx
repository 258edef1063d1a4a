import Link from "next/link";
import { useTranslations } from "next-intl";
import { LocalTime } from "@/components/journal-sync-time";
import { CopyButton } from "@/components/ui/copy-button";
import type { LogEntry, LogPage } from "@/lib/banksync/connections/log";
import { sayStoredText } from "@/lib/banksync/connections/stored-text";

/** Warnings and errors say so in words as well as colour; plain information needs no mark. */
const levels: Record<LogEntry["level"], { icon: string; name: "warning" | "error"; color: string } | null> = {
  info: null,
  warning: { icon: "⚠", name: "warning", color: "text-amber-800" },
  error: { icon: "✖", name: "error", color: "text-red-700" },
};

function Entry({ entry, locale, providerName }: { entry: LogEntry; locale: string; providerName: string }) {
  const t = useTranslations("ConnectionLog");
  const say = useTranslations();
  const level = levels[entry.level];
  const said = sayStoredText(say as unknown as Parameters<typeof sayStoredText>[0], entry.content, providerName);
  return (
    <li className="flex flex-col gap-1 border-t border-slate-100 px-4 py-3 first:border-t-0">
      <p className="flex flex-wrap items-center gap-x-3 text-xs text-slate-500">
        <LocalTime iso={entry.createdAt.toISOString()} locale={locale} />
        <span>{entry.author ?? t("system")}</span>
        {level ? (
          <span className={`inline-flex items-center gap-1 font-medium ${level.color}`}>
            <span aria-hidden="true">{level.icon}</span>
            {t(level.name)}
          </span>
        ) : null}
      </p>
      <p className="whitespace-pre-line">{said.text}</p>
      {said.providerMessage ? <p className="whitespace-pre-line text-slate-700">{said.providerMessage}</p> : null}
      {entry.reference ? (
        <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span>{say.rich("Connection.reference", { reference: entry.reference, code: (chunks) => <code className="font-mono">{chunks}</code> })}</span>
          <CopyButton value={entry.reference} label={say("Connection.copyReference")} />
        </p>
      ) : null}
    </li>
  );
}

/** Everything that happened to the connection (the chatter), newest first, a page at a time (`?log=N`). */
export function ConnectionLog({ log, locale, basePath, providerName }: { log: LogPage; locale: string; basePath: string; providerName: string }) {
  const t = useTranslations("ConnectionLog");
  const pageHref = (page: number) => `${basePath}?log=${page}`;
  return (
    <section aria-labelledby="connection-log" className="mb-8">
      <h2 id="connection-log" className="mb-3 text-lg font-semibold">
        {t("heading")}
      </h2>
      {log.entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <ol className="rounded-lg border border-slate-200 bg-white text-sm" aria-label={t("listLabel")}>
          {log.entries.map((entry) => (
            <Entry key={entry.id} entry={entry} locale={locale} providerName={providerName} />
          ))}
        </ol>
      )}
      <nav aria-label={t("pagesLabel")} className="mt-3 flex items-center justify-between text-sm">
        {log.page > 1 ? (
          <Link href={pageHref(log.page - 1)} className="text-brand hover:underline">
            <span aria-hidden="true">← </span>
            {t("newer")}
          </Link>
        ) : (
          <span />
        )}
        <span>{t("page", { page: log.page, pageCount: log.pageCount })}</span>
        {log.page < log.pageCount ? (
          <Link href={pageHref(log.page + 1)} className="text-brand hover:underline">
            {t("older")}
            <span aria-hidden="true"> →</span>
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </section>
  );
}
