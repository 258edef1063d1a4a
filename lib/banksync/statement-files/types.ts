import type { Message } from "@/i18n/message";

/**
 * The one vocabulary every statement-file parser (CSV, OFX, CAMT.053) speaks. A parser reads the
 * file's bytes as a stream and yields, in file order, a `statement` item before the lines of each
 * statement it finds (OFX and CAMT files may hold several), then that statement's lines.
 */

export const statementFormats = ["csv", "ofx", "camt053"] as const;
export type StatementFormat = (typeof statementFormats)[number];

export const statementFormatNames: Record<StatementFormat, string> = { csv: "CSV", ofx: "OFX", camt053: "CAMT.053" };

/** A statement's header: whose account and which currency, as far as the file says. */
export type FileStatement = {
  type: "statement";
  /** The account the statement is for (IBAN, or the bank's local number), as written in the file; null when the file does not say (CSV). */
  accountNumber: string | null;
  /** ISO 4217; null when the file does not say (a CSV without a currency column). */
  currency: string | null;
  /** Where it is in the file, for messages: line 1 of a CSV, `Stmt 2` on line 40. */
  where: FileWhere;
};

/** One transaction of a file, normalized: booking date, signed minor units. */
export type FileLine = {
  type: "line";
  /** The bank's id of the transaction (OFX FITID, CAMT AcctSvcrRef/NtryRef, the CSV's reference column); null when the file gives none. */
  bankId: string | null;
  /** Booking date, YYYY-MM-DD. */
  date: string;
  /** Negative = money out, in minor units of `currency`. */
  amountMinor: bigint;
  /** ISO 4217 of the amount: the line's own, else its statement's, else the journal's (CSV). */
  currency: string;
  /** The bank's text; may be empty (the importer then falls back to the partner). */
  label: string;
  partnerName: string | null;
  /** The counterpart's account number as the file gives it. */
  counterpartAccount: string | null;
  /** Only "posted" lines are imported; CAMT `PDNG` entries are "pending". */
  status: "posted" | "pending";
  /** The fields as they are in the file (CSV row by header or column number, OFX/CAMT leaf elements), kept for support. */
  raw: Record<string, string>;
  /** Where it is in the file, for messages: line 12 of a CSV, `Ntry 4` on line 120. */
  where: FileWhere;
};

export type StatementItem = FileStatement | FileLine;

/**
 * A place in a file, language-neutral so each reader's message words it: a CSV row by its line, an
 * XML element by its name and number (`Ntry 4`, `Ntry 4, TxDtls 2`, `STMTTRN 3`) and the line it starts on.
 */
export type FileWhere = { line: number; element?: string };

/** A place's values for a message: `{element} (line {line})`. */
export function whereValues(where: FileWhere): { element: string; line: number } {
  return { element: where.element ?? "", line: where.line };
}

/**
 * A file that cannot be read as its format says. What the user is told is a Message naming the line
 * or element (`Line 12: "3,4x" is not an amount in the Betrag column.`), said in the reader's
 * language by the route or action that answers; `message` is its key and values, for logs.
 */
export class StatementFileError extends Error {
  constructor(readonly userMessage: Message) {
    super(userMessage.values ? `${userMessage.key} ${JSON.stringify(userMessage.values)}` : userMessage.key);
    this.name = "StatementFileError";
  }
}

/** The byte stream a parser reads: a Node Readable, a web stream's reader adapted, or an array of chunks in tests. */
export type ByteSource = AsyncIterable<Uint8Array>;

/** Largest file accepted, in bytes (50 MB). */
export const maxStatementFileBytes = 50 * 1024 * 1024;
