import { describe, expect, it } from "vitest";
import { readUploadAnswer, statementUploadUrl, uploadCancelled, uploadFailed, uploadStatement, type UploadProgress } from "@/components/statement-import-upload";
import { say } from "@/test/i18n";
import type { StatementPreview } from "@/lib/banksync/statement-files/contract";
import type { CsvMapping } from "@/lib/banksync/statement-files/csv/mapping";

const preview: StatementPreview = {
  importId: "imp-1",
  fileName: "März 2026.csv",
  format: "csv",
  accountNumber: null,
  currency: "EUR",
  lines: 2,
  pending: 0,
  firstDate: "2026-03-01",
  lastDate: "2026-03-02",
  totalMinor: "-1000",
  existing: 0,
  possibleDuplicates: 0,
  locked: 0,
  lockDate: null,
  toImport: 2,
  sample: [],
};

const mapping: CsvMapping = {
  encoding: "utf-8",
  delimiter: ";",
  skipRows: 0,
  hasHeader: true,
  dateColumn: 0,
  dateFormat: "DD.MM.YYYY",
  amount: { kind: "signed", column: 1 },
  decimalSeparator: ",",
  thousandsSeparator: "",
  labelColumn: 2,
  partnerColumn: null,
  referenceColumn: null,
  accountColumn: null,
  currencyColumn: null,
};

/** Just enough of XMLHttpRequest for the upload: records what was sent, lets the test fire the events. */
class FakeRequest {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = "";
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null; onload: (() => void) | null } = {
    onprogress: null,
    onload: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

function start(signal?: AbortSignal) {
  const request = new FakeRequest();
  const progress: UploadProgress[] = [];
  const file = new File(["Datum;Betrag;Text\n"], "März 2026.csv");
  const answer = uploadStatement(
    { journalId: "j-1", file, format: "csv", mapping },
    { onProgress: (p) => progress.push(p), signal, createRequest: () => request as unknown as XMLHttpRequest },
  );
  return { request, progress, file, answer };
}

describe("statementUploadUrl", () => {
  it("puts the file's name, the format and the mapping in the query, encoded", () => {
    const url = statementUploadUrl({ journalId: "j-1", file: new File(["x"], "a&b.ofx"), format: "ofx", mapping: null });
    expect(url).toBe("/api/banksync/journals/j-1/statement-imports?fileName=a%26b.ofx&format=ofx");
    const csv = new URL(statementUploadUrl({ journalId: "j-1", file: new File(["x"], "x.csv"), format: "csv", mapping }), "http://host");
    expect(JSON.parse(csv.searchParams.get("mapping")!)).toEqual(mapping);
  });
});

describe("readUploadAnswer", () => {
  it("passes the route's answers through, whatever the status", () => {
    expect(readUploadAnswer(200, JSON.stringify({ ok: true, preview }))).toEqual({ ok: true, preview });
    expect(readUploadAnswer(413, JSON.stringify({ ok: false, error: "Too large." }))).toEqual({ ok: false, error: "Too large." });
  });

  it("turns anything else into a plain error naming the status", () => {
    const answer = readUploadAnswer(502, "<html>Bad Gateway</html>");
    expect(answer.ok || say(answer.error)).toBe("The server could not read the file (HTTP 502). Try again later.");
    expect(readUploadAnswer(200, JSON.stringify({ ok: true }))).toMatchObject({ ok: false });
    expect(readUploadAnswer(500, "null")).toMatchObject({ ok: false });
  });
});

describe("uploadStatement", () => {
  it("posts the raw file, reports the percent sent, then the server reading it, then the preview", async () => {
    const { request, progress, file, answer } = start();
    expect(request.method).toBe("POST");
    expect(request.url).toContain("/api/banksync/journals/j-1/statement-imports?fileName=M%C3%A4rz%202026.csv&format=csv&mapping=");
    expect(request.headers["Content-Type"]).toBe("application/octet-stream");
    expect(request.body).toBe(file);
    request.upload.onprogress?.({ lengthComputable: true, loaded: 45, total: 100 });
    request.upload.onprogress?.({ lengthComputable: false, loaded: 50, total: 0 });
    request.upload.onload?.();
    request.answer(200, JSON.stringify({ ok: true, preview }));
    await expect(answer).resolves.toEqual({ ok: true, preview });
    expect(progress).toEqual([
      { phase: "sending", percent: 0 },
      { phase: "sending", percent: 45 },
      { phase: "sending", percent: null },
      { phase: "reading" },
    ]);
  });

  it("shows the route's error of a refused file", async () => {
    const { request, answer } = start();
    request.answer(422, JSON.stringify({ ok: false, error: 'Line 12: "3,4x" is not an amount.' }));
    await expect(answer).resolves.toEqual({ ok: false, error: 'Line 12: "3,4x" is not an amount.' });
  });

  it("says so when the connection fails", async () => {
    const { request, answer } = start();
    request.onerror?.();
    await expect(answer).resolves.toEqual({ ok: false, error: uploadFailed });
  });

  it("aborts the request when the signal fires", async () => {
    const controller = new AbortController();
    const { request, answer } = start(controller.signal);
    controller.abort();
    await expect(answer).resolves.toEqual({ ok: false, error: uploadCancelled });
    expect(request.aborted).toBe(true);
  });
});
