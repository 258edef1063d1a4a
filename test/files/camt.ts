import { decimalToMinor, toDecimalString } from "@/lib/money";
import { mulberry32 } from "./bytes";

/*
 * CAMT.053 statement files as banks write them, for tests and benchmarks: version 02 (`<Sts>BOOK`,
 * amounts of a batch's transactions in AmtDtls) or 08 (`<Sts><Cd>BOOK`, TxDtls/Amt and CdtDbtInd).
 */

export type CamtBatchItem = { ref?: string; amount: string; name?: string; iban?: string; text?: string };

export type CamtEntrySpec = {
  /** AcctSvcrRef. */
  ref?: string;
  /** Booking date, YYYY-MM-DD. */
  date: string;
  /** Signed decimal: negative = DBIT. */
  amount: string;
  status?: "BOOK" | "PDNG";
  /** AddtlNtryInf. */
  info?: string;
  /** The entry is a batch of these transactions (one TxDtls each). */
  batch?: CamtBatchItem[];
  /** The counterpart (debtor of money in, creditor of money out) and the remittance text, in one TxDtls. */
  name?: string;
  iban?: string;
  text?: string;
  /** RvslInd: the entry reverses an earlier one (its amount keeps its own sign). */
  reversal?: boolean;
};

export type CamtStatementSpec = { iban: string; currency: string; entries: CamtEntrySpec[] };

export type CamtVersion = "02" | "08";

/** A whole CAMT.053 file; its statements' closing balances are their booked entries' sums. */
export function camtStatement({ statements, version = "08" }: { statements: CamtStatementSpec[]; version?: CamtVersion }): string {
  const body = statements.map((statement, index) => {
    const booked = statement.entries.filter((e) => (e.status ?? "BOOK") === "BOOK");
    const closing = booked.reduce((sum, e) => sum + decimalToMinor(e.amount, statement.currency), 0n);
    const lastDate = statement.entries.map((e) => e.date).sort().at(-1) ?? "2024-01-31";
    return [
      statementStart(statement, index + 1),
      balance("CLBD", toDecimalString(closing, statement.currency), statement.currency, lastDate),
      ...statement.entries.map((entry) => entryXml(entry, statement.currency, version)),
      "    </Stmt>\n",
    ].join("");
  });
  return documentStart(version) + body.join("") + documentEnd;
}

/**
 * A large CAMT.053 file as a stream of chunks: one Stmt with `count` entries, every 10th a batch of
 * 3 transactions, the same bytes for the same arguments (amounts, names and dates from `seed`).
 * Entries are written without indentation: 100,000 of them make about 64 MB.
 */
export async function* camtEntries(count: number, { iban, currency, seed = 1 }: { iban: string; currency: string; seed?: number }): AsyncGenerator<Buffer> {
  const random = mulberry32(seed);
  const version: CamtVersion = "08";
  yield Buffer.from(documentStart(version) + statementStart({ iban, currency }, 1));
  let chunk = "";
  for (let n = 1; n <= count; n += 1) {
    const date = dayOf(Math.floor(((n - 1) * 365) / Math.max(count, 1)));
    const minor = BigInt(1 + Math.floor(random() * 250_000)) * (random() < 0.4 ? 1n : -1n);
    const name = `${partyNames[Math.floor(random() * partyNames.length)]} ${n % 97}`;
    const entry: CamtEntrySpec =
      n % 10 === 0
        ? {
            ref: `E${n}`,
            date,
            amount: toDecimalString(minor * 3n, currency),
            info: `Batch ${n}`,
            batch: [1, 2, 3].map((part) => ({
              ref: `E${n}-${part}`,
              amount: toDecimalString(minor, currency),
              name: `${name}/${part}`,
              iban: `BE${String(10 + part)}0000${String(n).padStart(8, "0")}`,
              text: `Invoice ${n}-${part}`,
            })),
          }
        : { ref: `E${n}`, date, amount: toDecimalString(minor, currency), name, iban: `DE89370400440532${String(n % 1_000_000).padStart(6, "0")}`, text: `Invoice ${n}` };
    chunk += entryXml(entry, currency, version).replace(/^ +/gm, "");
    if (n % 500 === 0 || n === count) {
      yield Buffer.from(chunk);
      chunk = "";
    }
  }
  yield Buffer.from("    </Stmt>\n" + documentEnd);
}

const partyNames = ["Acme Supplies", "Café du Commerce", "Müller & Söhne", "Globex Corporation", "Initech", "Umbrella Logistics"];

function documentStart(version: CamtVersion): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
    "  <BkToCstmrStmt>\n" +
    "    <GrpHdr>\n      <MsgId>MSG-20240201</MsgId>\n      <CreDtTm>2024-02-01T06:00:00</CreDtTm>\n    </GrpHdr>\n"
  );
}

const documentEnd = "  </BkToCstmrStmt>\n</Document>\n";

function statementStart(statement: Pick<CamtStatementSpec, "iban" | "currency">, number: number): string {
  return (
    "    <Stmt>\n" +
    `      <Id>STMT-${number}</Id>\n      <ElctrncSeqNb>${number}</ElctrncSeqNb>\n      <CreDtTm>2024-02-01T06:00:00</CreDtTm>\n` +
    `      <Acct>\n        <Id>\n          <IBAN>${escape(statement.iban)}</IBAN>\n        </Id>\n        <Ccy>${statement.currency}</Ccy>\n      </Acct>\n` +
    balance("OPBD", "0", statement.currency, "2024-01-01")
  );
}

function balance(code: string, amount: string, currency: string, date: string): string {
  const negative = amount.startsWith("-");
  return (
    `      <Bal>\n        <Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>\n        <Amt Ccy="${currency}">${negative ? amount.slice(1) : amount}</Amt>\n` +
    `        <CdtDbtInd>${negative ? "DBIT" : "CRDT"}</CdtDbtInd>\n        <Dt><Dt>${date}</Dt></Dt>\n      </Bal>\n`
  );
}

/** One Ntry, with its TxDtls (one per batch item, or one for the entry's counterpart and text). */
function entryXml(entry: CamtEntrySpec, currency: string, version: CamtVersion): string {
  const debit = entry.amount.startsWith("-");
  const status = entry.status ?? "BOOK";
  const transactions = entry.batch ?? (entry.name || entry.iban || entry.text ? [{ amount: entry.amount, name: entry.name, iban: entry.iban, text: entry.text }] : []);
  const details =
    transactions.length === 0
      ? ""
      : "        <NtryDtls>\n" +
        (entry.batch ? `          <Btch><NbOfTxs>${entry.batch.length}</NbOfTxs></Btch>\n` : "") +
        transactions.map((tx) => transactionXml(tx, currency, version, debit !== (entry.reversal ?? false), entry.batch !== undefined)).join("") +
        "        </NtryDtls>\n";
  return (
    "      <Ntry>\n" +
    `        <Amt Ccy="${currency}">${debit ? entry.amount.slice(1) : entry.amount}</Amt>\n` +
    `        <CdtDbtInd>${debit ? "DBIT" : "CRDT"}</CdtDbtInd>\n` +
    (entry.reversal ? "        <RvslInd>true</RvslInd>\n" : "") +
    (version === "02" ? `        <Sts>${status}</Sts>\n` : `        <Sts><Cd>${status}</Cd></Sts>\n`) +
    `        <BookgDt><Dt>${entry.date}</Dt></BookgDt>\n        <ValDt><Dt>${entry.date}</Dt></ValDt>\n` +
    (entry.ref ? `        <AcctSvcrRef>${escape(entry.ref)}</AcctSvcrRef>\n` : "") +
    `        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${debit ? "ICDT" : "RCDT"}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n` +
    details +
    (entry.info ? `        <AddtlNtryInf>${escape(entry.info)}</AddtlNtryInf>\n` : "") +
    "      </Ntry>\n"
  );
}

/** `creditorSide`: the counterpart is the creditor (money out, or the reversal of money in). */
function transactionXml(tx: CamtBatchItem, currency: string, version: CamtVersion, creditorSide: boolean, ownAmount: boolean): string {
  const debit = tx.amount.startsWith("-");
  const amount = debit ? tx.amount.slice(1) : tx.amount;
  const role = creditorSide ? "Cdtr" : "Dbtr";
  const party = tx.name === undefined ? "" : version === "02" ? `<${role}><Nm>${escape(tx.name)}</Nm></${role}>` : `<${role}><Pty><Nm>${escape(tx.name)}</Nm></Pty></${role}>`;
  const account = tx.iban === undefined ? "" : `<${role}Acct><Id><IBAN>${escape(tx.iban)}</IBAN></Id></${role}Acct>`;
  const amounts = !ownAmount
    ? ""
    : version === "02"
      ? `            <AmtDtls><TxAmt><Amt Ccy="${currency}">${amount}</Amt></TxAmt></AmtDtls>\n`
      : `            <Amt Ccy="${currency}">${amount}</Amt>\n            <CdtDbtInd>${debit ? "DBIT" : "CRDT"}</CdtDbtInd>\n`;
  return (
    "          <TxDtls>\n" +
    `            <Refs>${tx.ref ? `<AcctSvcrRef>${escape(tx.ref)}</AcctSvcrRef>` : ""}<EndToEndId>NOTPROVIDED</EndToEndId></Refs>\n` +
    amounts +
    (party || account ? `            <RltdPties>${party}${account}</RltdPties>\n` : "") +
    (tx.text === undefined ? "" : `            <RmtInf><Ustrd>${escape(tx.text)}</Ustrd></RmtInf>\n`) +
    "          </TxDtls>\n"
  );
}

function dayOf(offset: number): string {
  const date = new Date(Date.UTC(2024, 0, 1 + offset));
  return date.toISOString().slice(0, 10);
}

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
