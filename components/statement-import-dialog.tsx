"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { discardStatementAction, importStatementAction, sampleStatementAction } from "@/app/(app)/journals/[id]/reconciliation/import-actions";
import { draftFromSample, readDraft, refreshDraft, type CsvMappingDraft, type DraftErrors, type DraftField } from "@/components/csv-mapping-draft";
import { CsvMappingForm, type DraftChange } from "@/components/csv-mapping-form";
import { StatementFileStep } from "@/components/statement-import-file-step";
import { StatementImportPreview } from "@/components/statement-import-preview";
import { UploadProgressBar } from "@/components/statement-import-progress";
import { fileRefusal, importOutcome } from "@/components/statement-import-summary";
import { uploadStatement, type UploadProgress } from "@/components/statement-import-upload";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useSay } from "@/components/use-say";
import { message, type Message } from "@/i18n/message";
import type { StatementPreview, StatementSampleResult } from "@/lib/banksync/statement-files/contract";
import type { CsvMapping, CsvSample } from "@/lib/banksync/statement-files/csv/mapping";
import type { StatementFormat } from "@/lib/banksync/statement-files/types";

type Props = { journalId: string; journalName: string; currency: string; locale: string; open: boolean; onOpenChange: (open: boolean) => void };

/**
 * "Import Statement": a bank's CSV, OFX/QFX or CAMT.053 file into this journal. File → (CSV: column
 * mapping) → preview of what would happen → import. Nothing is written before "Import"; the staged
 * file is dropped when the user goes back or closes. The state lives in the dialog's content, which
 * unmounts on close: every opening starts afresh.
 */
export function StatementImportDialog({ journalId, journalName, currency, locale, open, onOpenChange }: Props) {
  const t = useTranslations("StatementImport");
  const [importing, setImporting] = useState(false);
  return (
    <Dialog
      open={open}
      // An import under way finishes before the dialog can close: its outcome must be seen.
      onOpenChange={(next) => (importing ? undefined : onOpenChange(next))}
      title={t("title")}
      description={t("description")}
      wide="xl"
    >
      <StatementImport
        journalId={journalId}
        journalName={journalName}
        currency={currency}
        locale={locale}
        onImportingChange={setImporting}
        onClose={() => onOpenChange(false)}
      />
    </Dialog>
  );
}

/** How much of the file the sample action reads. */
const sampleBytes = 65_536;

type Step = { name: "file" } | { name: "mapping" } | { name: "preview"; preview: StatementPreview } | { name: "done"; outcome: Message };
/** What the alert shows: the server's words (said in the user's language already), or a Message of the browser's side. */
type Shown = string | Message;
/** The sample action's answer, or the browser's own failure to reach it. */
type SampleAnswer = StatementSampleResult | { ok: false; error: Message };
type Chosen = { file: File; format: StatementFormat };
type ReadSettings = Pick<CsvMappingDraft, "encoding" | "delimiter" | "skipRows">;
/** What outlives a render and matters after the content is gone: the upload to abort, the staged file to drop. */
type Session = { open: boolean; abort: (() => void) | null; staged: string | null; sampleRequest: number; touched: Set<DraftField> };

function sampleForm(file: File, settings?: ReadSettings): FormData {
  const form = new FormData();
  form.set("head", file.slice(0, sampleBytes), file.name);
  form.set("fileName", file.name);
  form.set("complete", file.size <= sampleBytes ? "1" : "0");
  if (settings) {
    form.set("encoding", settings.encoding);
    form.set("delimiter", settings.delimiter);
    form.set("skipRows", settings.skipRows.trim());
  }
  return form;
}

function StatementImport({
  journalId,
  journalName,
  currency,
  locale,
  onImportingChange,
  onClose,
}: {
  journalId: string;
  journalName: string;
  currency: string;
  locale: string;
  onImportingChange: (busy: boolean) => void;
  onClose: () => void;
}) {
  const router = useRouter();
  const t = useTranslations("StatementImport");
  const say = useSay();
  const [step, setStep] = useState<Step>({ name: "file" });
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [sample, setSample] = useState<CsvSample | null>(null);
  const [draft, setDraft] = useState<CsvMappingDraft | null>(null);
  const [fieldErrors, setFieldErrors] = useState<DraftErrors>({});
  // Counts refused "Preview" clicks: each one moves the focus to the first wrong field.
  const [refusals, setRefusals] = useState(0);
  const [error, setError] = useState<Shown | null>(null);
  const [opening, setOpening] = useState(false);
  const [reading, setReading] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [importing, setImporting] = useState(false);
  // A new key gives a fresh file input, so the same file can be chosen again after an error.
  const [fileKey, setFileKey] = useState(0);
  const session = useRef<Session>({ open: true, abort: null, staged: null, sampleRequest: 0, touched: new Set() });
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const current = session.current;
    current.open = true;
    return () => {
      current.open = false;
      current.abort?.();
      if (current.staged) discard(journalId, current.staged);
      current.staged = null;
    };
  }, [journalId]);

  // Each step puts the focus on its first control, so the keyboard never lands on the page behind.
  useEffect(() => {
    body.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  }, [step.name, fileKey]);

  useEffect(() => {
    if (refusals > 0) body.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const askSample = async (form: FormData): Promise<SampleAnswer> => {
    try {
      return await sampleStatementAction(journalId, form);
    } catch {
      return { ok: false, error: message("StatementImport.errors.noAnswer") };
    }
  };

  const upload = async (file: File, format: StatementFormat, mapping: CsvMapping | null): Promise<boolean> => {
    const controller = new AbortController();
    session.current.abort = () => controller.abort();
    setProgress({ phase: "sending", percent: 0 });
    const answer = await uploadStatement({ journalId, file, format, mapping }, { onProgress: setProgress, signal: controller.signal });
    session.current.abort = null;
    if (!session.current.open) {
      if (answer.ok) discard(journalId, answer.preview.importId);
      return false;
    }
    setProgress(null);
    if (!answer.ok) {
      setError(answer.error);
      return false;
    }
    session.current.staged = answer.preview.importId;
    setStep({ name: "preview", preview: answer.preview });
    return true;
  };

  const chooseFile = async (file: File) => {
    setError(null);
    const refused = fileRefusal(file.size);
    if (refused) {
      setError(refused);
      setFileKey((key) => key + 1);
      return;
    }
    setOpening(true);
    const answer = await askSample(sampleForm(file));
    setOpening(false);
    if (!session.current.open) return;
    if (answer.ok && answer.format === "csv" && answer.csv) {
      session.current.touched = new Set();
      setChosen({ file, format: "csv" });
      setSample(answer.csv);
      setDraft(draftFromSample(answer.csv));
      setFieldErrors({});
      setStep({ name: "mapping" });
      return;
    }
    if (answer.ok && answer.format !== "csv") {
      setChosen({ file, format: answer.format });
      if (await upload(file, answer.format, null)) return;
    } else {
      setError(answer.ok ? message("StatementImport.errors.notCsv") : answer.error);
    }
    setChosen(null);
    setFileKey((key) => key + 1);
  };

  const readSampleAgain = async (file: File, settings: ReadSettings) => {
    // Each change outdates the answers still on their way, even one that asks nothing new.
    const request = ++session.current.sampleRequest;
    const skip = settings.skipRows.trim();
    if (!/^\d+$/.test(skip) || Number(skip) > 100) {
      setReading(false);
      return;
    }
    setReading(true);
    const answer = await askSample(sampleForm(file, settings));
    // A later change asked again: only its answer counts.
    if (request !== session.current.sampleRequest || !session.current.open) return;
    setReading(false);
    if (!answer.ok || !answer.csv) {
      setError(answer.ok ? message("StatementImport.errors.notCsvWithSettings") : answer.error);
      return;
    }
    const fresh = answer.csv;
    const touched = new Set(session.current.touched);
    setError(null);
    setSample(fresh);
    setDraft((current) => current && refreshDraft(current, touched, fresh));
  };

  const changeDraft: DraftChange = (field, value) => {
    if (!draft || !chosen) return;
    const next = { ...draft, [field]: value };
    session.current.touched.add(field);
    setDraft(next);
    setFieldErrors((errors) => ({ ...errors, [field]: undefined }));
    if (field === "encoding" || field === "delimiter" || field === "skipRows") void readSampleAgain(chosen.file, next);
  };

  const previewCsv = async () => {
    if (!draft || !chosen) return;
    const checked = readDraft(draft);
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      setRefusals((n) => n + 1);
      return;
    }
    setFieldErrors({});
    setError(null);
    await upload(chosen.file, "csv", checked.mapping);
  };

  const backToFile = () => {
    // A sample still on its way belongs to the file left behind.
    session.current.sampleRequest += 1;
    setReading(false);
    setChosen(null);
    setSample(null);
    setDraft(null);
    setError(null);
    setFileKey((key) => key + 1);
    setStep({ name: "file" });
  };

  const backFromPreview = () => {
    const staged = session.current.staged;
    session.current.staged = null;
    if (staged) discard(journalId, staged);
    if (chosen?.format === "csv" && draft) {
      setError(null);
      setStep({ name: "mapping" });
    } else backToFile();
  };

  const importPreview = async (preview: StatementPreview) => {
    setError(null);
    setImporting(true);
    onImportingChange(true);
    try {
      const answer = await importStatementAction(journalId, preview.importId).catch(() => ({
        ok: false as const,
        error: message("StatementImport.errors.noAnswerImport"),
      }));
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      session.current.staged = null;
      setStep({ name: "done", outcome: importOutcome(answer.result, locale) });
      router.refresh();
    } finally {
      setImporting(false);
      onImportingChange(false);
    }
  };

  return (
    <div ref={body} className="flex flex-col gap-4">
      {step.name === "file" ? (
        <>
          <StatementFileStep key={fileKey} journalName={journalName} currency={currency} busy={opening || progress !== null} onFile={(file) => void chooseFile(file)} />
          <p role="status" className="min-h-5 text-sm text-slate-600">
            {opening ? t("opening") : ""}
          </p>
        </>
      ) : null}

      {step.name === "mapping" && sample && draft ? (
        <CsvMappingForm
          sample={sample}
          draft={draft}
          errors={fieldErrors}
          busy={progress !== null}
          reading={reading}
          onChange={changeDraft}
          onPreview={() => void previewCsv()}
          onBack={backToFile}
        />
      ) : null}

      {progress && (step.name === "file" || step.name === "mapping") ? <UploadProgressBar progress={progress} /> : null}

      {step.name === "preview" ? (
        <StatementImportPreview
          preview={step.preview}
          locale={locale}
          importing={importing}
          onImport={() => void importPreview(step.preview)}
          onBack={backFromPreview}
        />
      ) : null}

      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {say(error)}
        </p>
      ) : null}

      {step.name === "done" ? (
        <>
          <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
            {say(step.outcome)}
          </p>
          <div className="flex justify-end">
            <Button onClick={onClose} data-autofocus>
              {t("close")}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** Drops a staged file; fire and forget: the user has moved on, and a failure leaves nothing for them to do. */
function discard(journalId: string, importId: string) {
  discardStatementAction(journalId, importId).catch(() => undefined);
}
