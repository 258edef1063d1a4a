import { message, type Message } from "@/i18n/message";
import type { StatementPreview, StatementUploadResult } from "@/lib/banksync/statement-files/contract";
import type { CsvMapping } from "@/lib/banksync/statement-files/csv/mapping";
import type { StatementFormat } from "@/lib/banksync/statement-files/types";

/** Where an upload stands: bytes going out (percent null when the browser cannot tell), then the server reading them. */
export type UploadProgress = { phase: "sending"; percent: number | null } | { phase: "reading" };

export type StatementUpload = { journalId: string; file: File; format: StatementFormat; mapping: CsvMapping | null };

/** The route's answer, or what went wrong on the way: the route's error comes said in the user's language, the browser's own as a Message. */
export type UploadAnswer = { ok: true; preview: StatementPreview } | { ok: false; error: string | Message };

export const uploadFailed = message("StatementImport.errors.uploadFailed");
export const uploadCancelled = message("StatementImport.errors.uploadCancelled");

/** The upload route's address, with the file's name, its format and a CSV's mapping in the query. */
export function statementUploadUrl({ journalId, file, format, mapping }: StatementUpload): string {
  const query = [`fileName=${encodeURIComponent(file.name)}`, `format=${format}`];
  if (mapping) query.push(`mapping=${encodeURIComponent(JSON.stringify(mapping))}`);
  return `/api/banksync/journals/${encodeURIComponent(journalId)}/statement-imports?${query.join("&")}`;
}

/** The route's answer as the dialog shows it: its JSON when it has the expected shape, else a plain error naming the status. */
export function readUploadAnswer(status: number, body: string): UploadAnswer {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    answer = null;
  }
  if (answer && typeof answer === "object") {
    const { ok, preview, error } = answer as { ok?: unknown; preview?: unknown; error?: unknown };
    if (ok === true && preview && typeof preview === "object") return { ok: true, preview: preview as StatementPreview };
    if (ok === false && typeof error === "string" && error !== "") return { ok: false, error } satisfies StatementUploadResult;
  }
  return { ok: false, error: message("StatementImport.errors.serverUnreadable", { status }) };
}

/**
 * Sends the whole file as the request body. XMLHttpRequest rather than fetch, because only it
 * reports upload progress; never rejects: every failure comes back as `{ ok: false, error }`.
 */
export function uploadStatement(
  upload: StatementUpload,
  { onProgress, signal, createRequest = () => new XMLHttpRequest() }: { onProgress: (progress: UploadProgress) => void; signal?: AbortSignal; createRequest?: () => XMLHttpRequest },
): Promise<UploadAnswer> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ ok: false, error: uploadCancelled });
    const request = createRequest();
    request.open("POST", statementUploadUrl(upload));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = (event) => {
      onProgress({ phase: "sending", percent: event.lengthComputable && event.total > 0 ? Math.min(100, Math.floor((event.loaded / event.total) * 100)) : null });
    };
    // Every byte is out: what is left is the server parsing and matching the lines.
    request.upload.onload = () => onProgress({ phase: "reading" });
    request.onload = () => resolve(readUploadAnswer(request.status, request.responseText));
    request.onerror = () => resolve({ ok: false, error: uploadFailed });
    request.ontimeout = () => resolve({ ok: false, error: uploadFailed });
    request.onabort = () => resolve({ ok: false, error: uploadCancelled });
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    onProgress({ phase: "sending", percent: 0 });
    request.send(upload.file);
  });
}
