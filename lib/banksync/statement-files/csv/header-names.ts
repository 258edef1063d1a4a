/** What a column can hold, as the mapping names it. */
export type ColumnRole = "debit" | "credit" | "amount" | "label" | "partner" | "reference" | "account" | "currency" | "balance";

/**
 * Header names of bank exports per role (English, German, French, Dutch, Spanish, Korean), compared
 * without case or accents. A name matches a header equal to it, a header holding it as whole words
 * ("Amount (EUR)"), or, for Korean, a header holding it anywhere ("출금액(원)").
 */
const names: Record<ColumnRole, readonly string[]> = {
  debit: ["debit", "debit amount", "withdrawal", "withdrawals", "paid out", "money out", "soll", "ausgang", "débit", "cargo", "출금", "출금액", "찾으신금액", "지급금액"],
  credit: ["credit", "credit amount", "deposit", "deposits", "paid in", "money in", "haben", "eingang", "crédit", "abono", "입금", "입금액", "맡기신금액"],
  amount: ["amount", "transaction amount", "betrag", "umsatz", "montant", "bedrag", "importe", "금액", "거래금액"],
  label: ["description", "label", "memo", "details", "narrative", "verwendungszweck", "buchungsdetails", "libellé", "omschrijving", "mededelingen", "concepto", "적요", "내용", "거래내용", "기재내용"],
  partner: ["payee", "name", "counterparty", "counterparty name", "empfänger", "empfaenger", "auftraggeber", "begünstigter", "beguenstigter", "zahlungspflichtiger", "bénéficiaire", "tiers", "naam", "beneficiario", "받는분", "보낸분", "거래처", "의뢰인"],
  reference: ["reference", "transaction id", "referenz", "référence", "referencia", "거래번호"],
  account: ["iban", "account", "account number", "counterparty account", "konto", "gegenkonto", "kontonummer", "tegenrekening", "compte", "cuenta", "계좌번호", "상대계좌"],
  currency: ["currency", "währung", "waehrung", "devise", "monnaie", "munt", "moneda", "통화"],
  balance: ["balance", "running balance", "saldo", "kontostand", "solde", "잔액", "거래후잔액", "거래후 잔액"],
};

/** Names that match only a header equal to them: "ID" is a reference, "Creditor ID" is not. */
const exactOnly: Partial<Record<ColumnRole, readonly string[]>> = { reference: ["id", "ref"] };

/** Lower case, accents dropped (Hangul kept whole), one space between words. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const normalized = Object.fromEntries(Object.entries(names).map(([role, list]) => [role, list.map(normalizeHeader)])) as Record<ColumnRole, string[]>;

/**
 * How well a header names a role, 0 for not at all: equal beats whole words beats a Korean name
 * inside, and within each, a name listed earlier beats a later one ("Description" over "Details").
 */
export function roleScore(header: string, role: ColumnRole): number {
  const text = normalizeHeader(header);
  if (text === "") return 0;
  if (exactOnly[role]?.includes(text)) return 300;
  let best = 0;
  normalized[role].forEach((name, rank) => {
    const kind = text === name ? 3 : ` ${text} `.includes(` ${name} `) ? 2 : /\p{Script=Hangul}/u.test(name) && text.includes(name) ? 1 : 0;
    if (kind > 0) best = Math.max(best, kind * 100 - rank);
  });
  return best;
}
