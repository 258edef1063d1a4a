import { decimalToMinor, toDecimalString } from "@/lib/money";

/*
 * OFX statement files as banks write them, for tests and benchmarks: 1.x SGML (a text header,
 * leaf elements without end tags) or 2.x XML.
 */

export type OfxTransactionSpec = {
  fitId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Signed decimal, "-12.50". */
  amount: string;
  name: string;
  memo?: string;
};

export type OfxStatementSpec = {
  accountId: string;
  currency: string;
  transactions: OfxTransactionSpec[];
  /** The bank's routing number (BANKACCTFROM/BANKID). */
  bankId?: string;
  /** A credit-card statement (CCSTMTRS) rather than a bank one (STMTRS). */
  creditCard?: boolean;
};

/** "UTF-8" writes `ENCODING:UTF-8 CHARSET:NONE`; "1252" writes `CHARSET:1252` (encode the text with windows-1252 yourself). */
export type OfxCharset = "UTF-8" | "1252";

/** One statement's file. */
export function ofxStatement(spec: OfxStatementSpec & { version: "1" | "2"; charset?: OfxCharset }): string {
  return ofxFile({ version: spec.version, charset: spec.charset, statements: [spec] });
}

/** A file of several statements: bank ones under BANKMSGSRSV1, credit-card ones under CREDITCARDMSGSRSV1. */
export function ofxFile({ version, charset = "UTF-8", statements }: { version: "1" | "2"; charset?: OfxCharset; statements: OfxStatementSpec[] }): string {
  const sgml = version === "1";
  const leaf = (name: string, value: string) => (sgml ? `<${name}>${escape(value)}` : `<${name}>${escape(value)}</${name}>`);
  const status = ["<STATUS>", leaf("CODE", "0"), leaf("SEVERITY", "INFO"), "</STATUS>"];
  const bank = statements.filter((s) => !s.creditCard);
  const cards = statements.filter((s) => s.creditCard);
  const responses = (kind: "STMT" | "CCSTMT", list: OfxStatementSpec[]) =>
    list.flatMap((s, index) => [`<${kind}TRNRS>`, leaf("TRNUID", String(index + 1)), ...status, ...statementLines(s, leaf), `</${kind}TRNRS>`]);
  const body = [
    "<OFX>",
    "<SIGNONMSGSRSV1>",
    "<SONRS>",
    ...status,
    leaf("DTSERVER", "20240201060000[0:GMT]"),
    leaf("LANGUAGE", "ENG"),
    "</SONRS>",
    "</SIGNONMSGSRSV1>",
    ...(bank.length > 0 ? ["<BANKMSGSRSV1>", ...responses("STMT", bank), "</BANKMSGSRSV1>"] : []),
    ...(cards.length > 0 ? ["<CREDITCARDMSGSRSV1>", ...responses("CCSTMT", cards), "</CREDITCARDMSGSRSV1>"] : []),
    "</OFX>",
  ];
  const header = sgml
    ? [
        "OFXHEADER:100",
        "DATA:OFXSGML",
        "VERSION:102",
        "SECURITY:NONE",
        charset === "1252" ? "ENCODING:USASCII" : "ENCODING:UTF-8",
        charset === "1252" ? "CHARSET:1252" : "CHARSET:NONE",
        "COMPRESSION:NONE",
        "OLDFILEUID:NONE",
        "NEWFILEUID:NONE",
        "",
      ]
    : ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>', '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>'];
  return [...header, ...body].join("\n") + "\n";
}

function statementLines(spec: OfxStatementSpec, leaf: (name: string, value: string) => string): string[] {
  const kind = spec.creditCard ? "CCSTMTRS" : "STMTRS";
  const account = spec.creditCard
    ? ["<CCACCTFROM>", leaf("ACCTID", spec.accountId), "</CCACCTFROM>"]
    : ["<BANKACCTFROM>", leaf("BANKID", spec.bankId ?? "30004"), leaf("ACCTID", spec.accountId), leaf("ACCTTYPE", "CHECKING"), "</BANKACCTFROM>"];
  const dates = spec.transactions.map((t) => t.date).sort();
  const balance = spec.transactions.reduce((sum, t) => sum + decimalToMinor(t.amount, spec.currency), 0n);
  return [
    `<${kind}>`,
    leaf("CURDEF", spec.currency),
    ...account,
    "<BANKTRANLIST>",
    leaf("DTSTART", ofxDate(dates[0] ?? "2024-01-01")),
    leaf("DTEND", ofxDate(dates.at(-1) ?? "2024-01-31")),
    ...spec.transactions.flatMap((t) => [
      "<STMTTRN>",
      leaf("TRNTYPE", t.amount.startsWith("-") ? "DEBIT" : "CREDIT"),
      leaf("DTPOSTED", `${ofxDate(t.date)}120000[0:GMT]`),
      leaf("TRNAMT", t.amount),
      leaf("FITID", t.fitId),
      leaf("NAME", t.name),
      ...(t.memo === undefined ? [] : [leaf("MEMO", t.memo)]),
      "</STMTTRN>",
    ]),
    "</BANKTRANLIST>",
    "<LEDGERBAL>",
    leaf("BALAMT", toDecimalString(balance, spec.currency)),
    leaf("DTASOF", ofxDate(dates.at(-1) ?? "2024-01-31")),
    "</LEDGERBAL>",
    `</${kind}>`,
  ];
}

function ofxDate(date: string): string {
  return date.replaceAll("-", "");
}

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
