import { isCurrencyCode, minorDigits } from "@/lib/money";
import type { CsvMapping } from "./mapping";

export type AmountSeparators = Pick<CsvMapping, "decimalSeparator" | "thousandsSeparator">;

/** A cell read as an amount: empty, minor units, or why it is not one. */
export type AmountCell =
  | { kind: "empty" }
  | { kind: "amount"; minor: bigint }
  | { kind: "invalid"; problem: "notAmount" | "tooManyDecimals" | "tooLarge" };

const spaces = /[\s\u00a0\u202f]/g;
const currencySymbols = /^(?:[€$£₩¥￦₹]|원)|(?:[€$£₩¥￦₹]|원)$/;
const largest = 10n ** 15n;

/** The digits and marks of an amount's text without its spaces, sign and currency: "-1.234,56 €" → { negative, body: "1.234,56" }. */
export function amountBody(cell: string): { negative: boolean; body: string } | null {
  let text = cell.replace(spaces, "").replace(/’/g, "'");
  const plain = /^([+\-−]?)([\d.,']*\d[\d.,']*)$/.exec(text);
  if (plain) return { negative: plain[1] === "-" || plain[1] === "−", body: plain[2]! };
  let signs = 0;
  let negative = false;
  for (let changed = true; changed && text !== ""; ) {
    const before = text;
    if (text.startsWith("(") && text.endsWith(")")) {
      text = text.slice(1, -1);
      negative = true;
      signs++;
    }
    const leadingSign = /^[+\-−]/.exec(text)?.[0] ?? /[+\-−]$/.exec(text)?.[0];
    if (leadingSign) {
      text = text.startsWith(leadingSign) ? text.slice(1) : text.slice(0, -1);
      negative = leadingSign !== "+";
      signs++;
    }
    text = text.replace(currencySymbols, "");
    if (isCurrencyCode(text.slice(0, 3))) text = text.slice(3);
    if (isCurrencyCode(text.slice(-3))) text = text.slice(0, -3);
    changed = text !== before;
  }
  if (signs > 1 || !/^[\d.,']*\d[\d.,']*$/.test(text)) return null;
  return { negative, body: text };
}

/**
 * Reads a bank's amount cell into minor units of `currency`, with exactly the mapping's separators:
 * spaces, a currency symbol or code, a leading or trailing sign and accounting parentheses
 * ("(12.50)") are accepted; thousands separators must group by three (or the Indian 2-2-3); more
 * decimals than the currency has is refused, never rounded.
 */
export function parseAmountCell(cell: string, separators: AmountSeparators, currency: string): AmountCell {
  if (cell.trim() === "") return { kind: "empty" };
  const parts = amountBody(cell);
  if (!parts) return { kind: "invalid", problem: "notAmount" };
  const [whole = "", fraction, ...extra] = parts.body.split(separators.decimalSeparator);
  if (extra.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction)) || !wellGrouped(whole, separators.thousandsSeparator, fraction !== undefined)) {
    return { kind: "invalid", problem: "notAmount" };
  }
  const digits = currencyDigits(currency);
  if ((fraction ?? "").length > digits) return { kind: "invalid", problem: "tooManyDecimals" };
  const minor = BigInt(whole.split(separators.thousandsSeparator || " ").join("") + (fraction ?? "").padEnd(digits, "0"));
  if (minor > largest) return { kind: "invalid", problem: "tooLarge" };
  return { kind: "amount", minor: parts.negative ? -minor : minor };
}

const digitsByCurrency = new Map<string, number>();

/** minorDigits, remembered: it builds an Intl formatter, too slow to do for each of 500,000 rows. */
function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) digitsByCurrency.set(currency, (digits = minorDigits(currency)));
  return digits;
}

const groupings = new Map(
  [",", ".", "'"].map((t) => {
    const mark = t === "." ? "\\." : t;
    return [t, [new RegExp(`^\\d{1,3}(?:${mark}\\d{3})+$`), new RegExp(`^\\d{1,2}(?:${mark}\\d{2})*${mark}\\d{3}$`)]];
  }),
);

function wellGrouped(whole: string, thousands: AmountSeparators["thousandsSeparator"], hasFraction: boolean): boolean {
  if (whole === "") return hasFraction;
  // Spaces were dropped with the other spaces, so a space-grouped number is plain digits here.
  if (thousands === "" || thousands === " " || !whole.includes(thousands)) return /^\d+$/.test(whole);
  return groupings.get(thousands)!.some((pattern) => pattern.test(whole));
}
