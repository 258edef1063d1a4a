/**
 * What the statement import tells the browser (plain JSON: amounts in minor units as decimal-integer
 * strings, since a bigint does not cross JSON). Client-safe: no server imports.
 */
import type { CsvSample } from "./csv/mapping";
import type { StatementFormat } from "./types";

/** Where a line of the preview stands. */
export type PreviewLineStatus = "new" | "existing" | "duplicate" | "locked" | "pending";

export type PreviewLine = {
  date: string;
  /** Minor units, e.g. "-1250". */
  amountMinor: string;
  currency: string;
  label: string;
  partnerName: string | null;
  status: PreviewLineStatus;
};

/** What a staged file would do, before anything is written to the journal. */
export type StatementPreview = {
  importId: string;
  fileName: string;
  format: StatementFormat;
  /** The account the file is for, when it says. */
  accountNumber: string | null;
  currency: string;
  /** Posted lines in the file. */
  lines: number;
  /** Pending lines (CAMT PDNG): listed, never imported. */
  pending: number;
  firstDate: string | null;
  lastDate: string | null;
  /** Sum of the posted lines, minor units. */
  totalMinor: string;
  /** Lines the journal already holds (same bank id, from this or an earlier file). */
  existing: number;
  /** New lines that look like a line of the journal (synchronized, manual, an earlier file) or another line of this file (same date, amount, currency, account number): imported and flagged. */
  possibleDuplicates: number;
  /** Lines dated on or before the lock date: refused. */
  locked: number;
  lockDate: string | null;
  /** What Import will add: lines − existing − locked. */
  toImport: number;
  /** The first lines of the file, with their status. */
  sample: PreviewLine[];
};

export type StatementImportResult = { imported: number; flagged: number; skippedKnown: number; refusedLocked: number };

/** The sample action's answer: the format found, and for a CSV what the mapping step needs. */
export type StatementSampleResult = { ok: true; format: StatementFormat; csv: CsvSample | null } | { ok: false; error: string };

/** The upload route's answer (POST /api/banksync/journals/<id>/statement-imports). */
export type StatementUploadResult = { ok: true; preview: StatementPreview } | { ok: false; error: string };

export type StatementImportAnswer = { ok: true; result: StatementImportResult } | { ok: false; error: string };
