import { message, type MessageKey, type MessageValues } from "@/i18n/message";
import { isIsoDate } from "@/lib/dates";
import { decimalToMinor, isCurrencyCode } from "@/lib/money";
import { StatementFileError, whereValues, type FileLine, type FileWhere } from "../types";

/** A STMTTRN's leaves by path from STMTTRN ("TRNAMT", "PAYEE/NAME"), in file order. */
export type OfxFields = Map<string, string>;

/** Most leaves kept in a line's `raw`. */
const maxRawFields = 50;

/** YYYYMMDD, then an optional time (HHMM[SS[.XXX]]) and time zone ([-5:EST]); only the date part is kept, as written. */
const ofxDateTime = /^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2}(?:\.\d{1,3})?)?)?\s*(?:\[[+-]?\d{1,2}(?:\.\d+)?(?::[A-Za-z ]*)?\])?$/;

/**
 * The statement line of one OFX STMTTRN. Its amount is in CURRENCY/CURSYM when the transaction has
 * one, else in the statement's CURDEF; ORIGCURRENCY only says which currency the bank converted
 * from (OFX spec: the amounts are then in CURDEF), so it stays in `raw`.
 */
export function transactionLine(fields: OfxFields, statementCurrency: string, where: FileWhere): FileLine {
  const fail = (key: MessageKey, values: MessageValues) => new StatementFileError(message(key, { ...whereValues(where), ...values }));
  const currency = fields.get("CURRENCY/CURSYM")?.toUpperCase() ?? statementCurrency;
  if (!isCurrencyCode(currency)) throw fail("StatementFiles.xml.notCurrency", { field: "CURRENCY/CURSYM", text: currency });

  const posted = fields.get("DTPOSTED");
  if (posted === undefined) throw fail("StatementFiles.xml.missing", { field: "DTPOSTED" });
  const date = ofxDateTime.exec(posted);
  const isoDate = date ? `${date[1]}-${date[2]}-${date[3]}` : "";
  if (!isIsoDate(isoDate)) throw fail("StatementFiles.xml.notDate", { field: "DTPOSTED", text: posted });

  const amount = fields.get("TRNAMT");
  if (amount === undefined) throw fail("StatementFiles.xml.missing", { field: "TRNAMT" });
  const parts = /^([+-]?)(\d*)(?:[.,](\d+))?$/.exec(amount.replace(/\s/g, ""));
  if (!parts || (parts[2] === "" && parts[3] === undefined)) throw fail("StatementFiles.xml.notAmount", { field: "TRNAMT", text: amount });
  let amountMinor: bigint;
  try {
    amountMinor = decimalToMinor(`${parts[1]}${parts[2] || "0"}${parts[3] === undefined ? "" : `.${parts[3]}`}`, currency);
  } catch {
    throw fail("StatementFiles.xml.tooManyDecimals", { field: "TRNAMT", text: amount, currency });
  }

  const name = fields.get("NAME");
  const memo = fields.get("MEMO");
  return {
    type: "line",
    bankId: fields.get("FITID") ?? null,
    date: isoDate,
    amountMinor,
    currency,
    label: name && memo && name !== memo ? `${name} ${memo}` : (memo ?? name ?? ""),
    partnerName: name ?? fields.get("PAYEE/NAME") ?? null,
    counterpartAccount: fields.get("BANKACCTTO/ACCTID") ?? fields.get("CCACCTTO/ACCTID") ?? null,
    status: "posted",
    raw: Object.fromEntries([...fields].slice(0, maxRawFields)),
    where,
  };
}
