import { z } from "zod";

/** Encodings a CSV may come in; "utf-8-bom" reads like "utf-8" with the byte-order mark dropped. */
export const csvEncodings = ["utf-8", "utf-8-bom", "latin1", "euc-kr", "cp949"] as const;
export type CsvEncoding = (typeof csvEncodings)[number];
/** Each encoding's name in the catalog (`CsvMapping.encodings.*`). */
export const csvEncodingNames = { "utf-8": "utf8", "utf-8-bom": "utf8Bom", latin1: "latin1", "euc-kr": "eucKr", cp949: "cp949" } as const satisfies Record<CsvEncoding, string>;

export const csvDelimiters = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];
/** Each delimiter's name in the catalog (`CsvMapping.delimiters.*`). */
export const csvDelimiterNames = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "bar" } as const satisfies Record<CsvDelimiter, string>;

/** Date layouts of bank exports; a time after the date ("2026-11-26 14:05:00") is ignored. */
export const csvDateFormats = ["YYYY-MM-DD", "YYYY.MM.DD", "YYYY/MM/DD", "YYYYMMDD", "DD/MM/YYYY", "DD.MM.YYYY", "DD-MM-YYYY", "MM/DD/YYYY", "DD/MM/YY", "MM/DD/YY", "DD.MM.YY"] as const;
export type CsvDateFormat = (typeof csvDateFormats)[number];

export const csvDecimalSeparators = [".", ","] as const;
export const csvThousandsSeparators = ["", ",", ".", " ", "'"] as const;
/** Each thousands separator's name in the catalog (`CsvMapping.thousands.*`). */
export const csvThousandsNames = { "": "none", ",": "comma", ".": "dot", " ": "space", "'": "apostrophe" } as const satisfies Record<(typeof csvThousandsSeparators)[number], string>;

const column = z.number().int().min(0).max(499);

/**
 * How the columns of a bank's CSV export read (0-based column numbers). Remembered per journal, so
 * the next file of the same bank needs no mapping.
 */
export const csvMappingSchema = z
  .object({
    encoding: z.enum(csvEncodings),
    delimiter: z.enum(csvDelimiters),
    /** Lines before the header (or the first row): the account summary some banks print first. */
    skipRows: z.number().int().min(0).max(100),
    hasHeader: z.boolean(),
    dateColumn: column,
    dateFormat: z.enum(csvDateFormats),
    amount: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("signed"), column }),
      /** Debit = money out, credit = money in; either may be empty on a row, and a sign in them is ignored. */
      z.object({ kind: z.literal("debitCredit"), debitColumn: column, creditColumn: column }),
    ]),
    decimalSeparator: z.enum(csvDecimalSeparators),
    thousandsSeparator: z.enum(csvThousandsSeparators),
    labelColumn: column,
    partnerColumn: column.nullable(),
    /** The bank's transaction reference: what makes re-importing the same line recognizable. */
    referenceColumn: column.nullable(),
    /** The counterpart's account number. */
    accountColumn: column.nullable(),
    /** A currency per row (ISO 4217); without it the rows are in the journal's currency. */
    currencyColumn: column.nullable(),
  })
  .refine((m) => m.decimalSeparator !== m.thousandsSeparator, { message: "CsvMapping.errors.separatorsDiffer", path: ["thousandsSeparator"] });

export type CsvMapping = z.infer<typeof csvMappingSchema>;

/** What the mapping step shows: the first rows as read with an encoding and a delimiter, and a mapping to start from. */
export type CsvSample = {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** The first rows after `skipRows` (header included when there is one), cells as text; at most 20. */
  rows: string[][];
  /** The journal's remembered mapping when it fits this file, else a guess from the rows; null when nothing fits. */
  mapping: CsvMapping | null;
};
