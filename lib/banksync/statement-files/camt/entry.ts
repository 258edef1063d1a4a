import { message, type MessageKey, type MessageValues } from "@/i18n/message";
import { isIsoDate } from "@/lib/dates";
import { decimalToMinor, isCurrencyCode } from "@/lib/money";
import { StatementFileError, whereValues, type FileLine, type FileWhere } from "../types";

/** Leaf values by path ("Amt", "Amt@Ccy", "RmtInf/Ustrd"), in file order; a repeated leaf keeps every value. */
export type LeafFields = Map<string, string[]>;

/** One TxDtls of an entry: its leaves by path from TxDtls; `path` is where it sits under Ntry (for `raw`). */
export type CamtTransaction = { line: number; path: string; fields: LeafFields };

/** One Ntry as read: its leaves outside TxDtls by path from Ntry, and its TxDtls. */
export type CamtEntry = { number: number; line: number; fields: LeafFields; transactions: CamtTransaction[] };

type Direction = "CRDT" | "DBIT";
type Amount = { minor: bigint; currency: string };

/** Most leaves kept in a line's `raw`. */
const maxRawFields = 50;

export function addField(fields: LeafFields, path: string, value: string): void {
  const values = fields.get(path);
  if (values) values.push(value);
  else fields.set(path, [value]);
}

function first(fields: LeafFields, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const value = fields.get(path)?.[0];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/**
 * The statement lines of one CAMT.053 entry: none for an INFO entry; one per TxDtls when a batch
 * lists 2+ transactions whose own amounts add up to the entry's; else one for the entry. The sign
 * is the entry's (or transaction's) CdtDbtInd: per ISO 20022, a reversal (RvslInd) is booked in its
 * own direction already, so it only tells which side of the original payment is the counterpart.
 * Ids come from AcctSvcrRef only: NtryRef is often numbered per statement, so it would repeat in
 * the next file and hide a new line as already imported.
 */
export function entryLines(entry: CamtEntry, statementCurrency: string | null): FileLine[] {
  const where = { element: `Ntry ${entry.number}`, line: entry.line };
  const status = entryStatus(entry.fields, where);
  if (status === null) return [];
  const amount = readAmount(entry.fields, "Amt", statementCurrency, where);
  const direction = readDirection(entry.fields, where);
  if (!direction) throw refusal(where, "StatementFiles.xml.missing", { field: "CdtDbtInd" });
  const reversal = /^(true|1)$/i.test(first(entry.fields, "RvslInd") ?? "");
  const date = bookingDate(entry.fields, where);
  const entryId = first(entry.fields, "AcctSvcrRef") ?? null;
  const entryLabel = first(entry.fields, "AddtlNtryInf") ?? "";
  const line = (fields: Pick<FileLine, "bankId" | "amountMinor" | "label" | "partnerName" | "counterpartAccount" | "raw" | "where">): FileLine => ({
    type: "line",
    date,
    currency: amount.currency,
    status,
    ...fields,
  });

  const parts = splitAmounts(entry, amount, direction);
  if (parts) {
    return parts.map(({ tx, minor, direction: txDirection }, index) => {
      const counterpart = counterpartOf(tx.fields, txDirection, reversal);
      return line({
        bankId: first(tx.fields, "Refs/AcctSvcrRef") ?? (entryId ? `${entryId}/${index + 1}` : endToEndId(tx.fields)),
        amountMinor: minor,
        label: transactionLabel(tx.fields) ?? entryLabel,
        partnerName: counterpart.name,
        counterpartAccount: counterpart.account,
        raw: rawFields(entry.fields, [tx]),
        where: transactionWhere(entry, index),
      });
    });
  }

  const only = entry.transactions.length === 1 ? entry.transactions[0] : undefined;
  const counterpart = only ? counterpartOf(only.fields, direction, reversal) : { name: null, account: null };
  return [
    line({
      bankId: entryId ?? (only ? (first(only.fields, "Refs/AcctSvcrRef") ?? null) : null),
      amountMinor: direction === "CRDT" ? amount.minor : -amount.minor,
      label: (only ? transactionLabel(only.fields) : undefined) ?? (entryLabel || batchLabel(entry.transactions)),
      partnerName: counterpart.name,
      counterpartAccount: counterpart.account,
      raw: rawFields(entry.fields, entry.transactions),
      where,
    }),
  ];
}

function transactionWhere(entry: CamtEntry, index: number): FileWhere {
  return { element: `Ntry ${entry.number}, TxDtls ${index + 1}`, line: entry.transactions[index]!.line };
}

/** A refusal naming the element: `Ntry 12 (line 345): Amt "1O.00" is not an amount.` */
function refusal(where: FileWhere, key: MessageKey, values: MessageValues = {}): StatementFileError {
  return new StatementFileError(message(key, { ...whereValues(where), ...values }));
}

/** BOOK is posted; PDNG (and v08's FUTR) pending; INFO is no booking at all (null). */
function entryStatus(fields: LeafFields, where: FileWhere): FileLine["status"] | null {
  const code = first(fields, "Sts", "Sts/Cd", "Sts/Prtry");
  if (code === undefined) throw refusal(where, "StatementFiles.xml.missing", { field: "Sts" });
  switch (code.toUpperCase()) {
    case "BOOK":
      return "posted";
    case "PDNG":
    case "FUTR":
      return "pending";
    case "INFO":
      return null;
    default:
      throw refusal(where, "StatementFiles.xml.unknownStatus", { text: code });
  }
}

function readAmount(fields: LeafFields, path: string, fallbackCurrency: string | null, where: FileWhere): Amount {
  const text = first(fields, path);
  if (text === undefined) throw refusal(where, "StatementFiles.xml.missing", { field: path });
  const currency = first(fields, `${path}@Ccy`) ?? fallbackCurrency;
  if (!currency) throw refusal(where, "StatementFiles.xml.noCurrency", { field: path });
  if (!isCurrencyCode(currency)) throw refusal(where, "StatementFiles.xml.notCurrency", { field: `${path} Ccy`, text: currency });
  if (!/^\d+(\.\d+)?$/.test(text)) throw refusal(where, "StatementFiles.xml.notAmount", { field: path, text });
  try {
    return { minor: decimalToMinor(text, currency), currency };
  } catch {
    throw refusal(where, "StatementFiles.xml.tooManyDecimals", { field: path, text, currency });
  }
}

function readDirection(fields: LeafFields, where: FileWhere): Direction | null {
  const indicator = first(fields, "CdtDbtInd");
  if (indicator === undefined) return null;
  if (indicator !== "CRDT" && indicator !== "DBIT") throw refusal(where, "StatementFiles.xml.notDirection", { text: indicator });
  return indicator;
}

/** The booking date, else the value date (date part of a date-time). */
function bookingDate(fields: LeafFields, where: FileWhere): string {
  for (const path of ["BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"]) {
    const value = first(fields, path);
    if (value === undefined) continue;
    const date = value.slice(0, 10);
    if (!isIsoDate(date) || !/^(|T.*|Z|[+-]\d{2}:\d{2})$/.test(value.slice(10))) throw refusal(where, "StatementFiles.xml.notDate", { field: path, text: value });
    return date;
  }
  throw refusal(where, "StatementFiles.xml.noDate");
}

type Part = { tx: CamtTransaction; minor: bigint; direction: Direction };

/** The batch's transactions with their signed amounts, when each has one in the entry's currency and they add up to the entry; else null. */
function splitAmounts(entry: CamtEntry, amount: Amount, direction: Direction): Part[] | null {
  if (entry.transactions.length < 2) return null;
  const parts: Part[] = [];
  for (const [index, tx] of entry.transactions.entries()) {
    const path = ["Amt", "AmtDtls/TxAmt/Amt"].find((candidate) => first(tx.fields, candidate) !== undefined);
    if (!path) return null;
    const where = transactionWhere(entry, index);
    const own = readAmount(tx.fields, path, amount.currency, where);
    if (own.currency !== amount.currency) return null;
    const txDirection = readDirection(tx.fields, where) ?? direction;
    parts.push({ tx, minor: txDirection === "CRDT" ? own.minor : -own.minor, direction: txDirection });
  }
  const total = parts.reduce((sum, part) => sum + part.minor, 0n);
  return total === (direction === "CRDT" ? amount.minor : -amount.minor) ? parts : null;
}

function endToEndId(fields: LeafFields): string | null {
  const id = first(fields, "Refs/EndToEndId");
  return id && id.toUpperCase() !== "NOTPROVIDED" ? id : null;
}

/** Unstructured remittance lines, else the creditor's reference, else the additional information. */
function transactionLabel(fields: LeafFields): string | undefined {
  const unstructured = fields.get("RmtInf/Ustrd")?.filter((text) => text !== "");
  if (unstructured && unstructured.length > 0) return unstructured.join(" ");
  return first(fields, "RmtInf/Strd/CdtrRefInf/Ref", "AddtlTxInf");
}

function batchLabel(transactions: CamtTransaction[]): string {
  const labels = transactions.map((tx) => transactionLabel(tx.fields)).filter((label): label is string => label !== undefined);
  return [...new Set(labels)].join("; ");
}

/**
 * The other party: the debtor of money coming in, the creditor of money going out. A reversal's
 * parties are those of the payment it reverses, so the side flips.
 */
function counterpartOf(fields: LeafFields, direction: Direction, reversal: boolean): { name: string | null; account: string | null } {
  const role = (direction === "CRDT") !== reversal ? "Dbtr" : "Cdtr";
  return {
    name: first(fields, `RltdPties/${role}/Nm`, `RltdPties/${role}/Pty/Nm`) ?? null,
    account: first(fields, `RltdPties/${role}Acct/Id/IBAN`, `RltdPties/${role}Acct/Id/Othr/Id`) ?? null,
  };
}

/** The entry's leaves and its transactions', flattened "Path/To/Leaf": value from Ntry, at most 50. */
function rawFields(entryFields: LeafFields, transactions: CamtTransaction[]): Record<string, string> {
  const raw: Record<string, string> = {};
  let count = 0;
  const add = (prefix: string, fields: LeafFields) => {
    for (const [path, values] of fields) {
      for (const [index, value] of values.entries()) {
        if (count >= maxRawFields) return;
        raw[`${prefix}${path}${values.length > 1 ? `[${index + 1}]` : ""}`] = value;
        count += 1;
      }
    }
  };
  add("", entryFields);
  for (const [index, tx] of transactions.entries()) add(transactions.length > 1 ? `${tx.path}[${index + 1}]/` : `${tx.path}/`, tx.fields);
  return raw;
}
