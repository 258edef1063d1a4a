import { message, type Message } from "@/i18n/message";
import { remembered } from "@/lib/remembered";

/**
 * Exact money: integer minor units (bigint) plus an ISO 4217 currency. Never a float: text is parsed
 * digit by digit and formatted through Intl with a decimal string.
 */

const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export function isCurrencyCode(code: string): boolean {
  return knownCurrencies.has(code);
}

/** Asked once per currency: a file import asks for every line, and building a formatter is slow. */
const digitsByCurrency = new Map<string, number>();

/** Number of minor-unit digits of a currency (JPY 0, EUR 2, KWD 3), from the ICU data behind Intl. */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    if (!isCurrencyCode(currency)) throw new RangeError(`Unknown currency: ${currency}`);
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** A refusal is a Message (plain data), said by whoever shows it: this also runs in the browser. */
export type AmountParse = { ok: true; minor: bigint } | { ok: false; error: Message };

export type AmountFormat = { decimal: "." | "," };

/**
 * Parses a user-typed amount into minor units. Accepts an optional sign, thousands separators in
 * groups of three ("1,234.56", or "1.234,56" when the decimal mark is a comma), spaces as thousands
 * separators, and at most as many decimals as the currency has.
 */
export function parseAmount(input: string, currency: string, format: AmountFormat = { decimal: "." }): AmountParse {
  const digits = minorDigits(currency);
  const thousands = format.decimal === "." ? "," : ".";
  const text = input.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (text === "") return { ok: false, error: message("Amounts.enterAmount") };
  const notAnAmount = (): AmountParse => ({ ok: false, error: message("Amounts.notAnAmount", { text: input.trim() }) });
  const match = /^([+-]?)(\d[\d.,]*)$/.exec(text);
  if (!match) return notAnAmount();
  const [, sign, body] = match as unknown as [string, string, string];
  const decimalAt = body.lastIndexOf(format.decimal);
  const whole = decimalAt === -1 ? body : body.slice(0, decimalAt);
  const fraction = decimalAt === -1 ? "" : body.slice(decimalAt + 1);
  if (fraction.includes(thousands) || !/^\d*$/.test(fraction)) return notAnAmount();
  const groups = whole.split(thousands);
  const wellGrouped =
    groups.length === 1 ? /^\d+$/.test(whole) : /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  if (!wellGrouped || (decimalAt !== -1 && fraction === "")) return notAnAmount();
  if (fraction.length > digits) {
    return { ok: false, error: digits === 0 ? message("Amounts.noDecimals", { currency }) : message("Amounts.maxDecimals", { currency, digits }) };
  }
  const minor = BigInt(groups.join("") + fraction.padEnd(digits, "0"));
  if (minor > 10n ** 15n) return { ok: false, error: message("Amounts.tooLarge") };
  return { ok: true, minor: sign === "-" ? -minor : minor };
}

/** Minor units as a plain decimal string ("-12.50" for -1250n in EUR). */
export function toDecimalString(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** Parses a provider's or a file's decimal string ("-12.5", "1000") exactly; no grouping allowed. */
export function decimalToMinor(value: string, currency: string): bigint {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${value}`);
  const [, sign, whole, fraction = ""] = match as unknown as [string, string, string, string | undefined];
  const digits = minorDigits(currency);
  const extra = (fraction ?? "").slice(digits);
  if (/[1-9]/.test(extra)) throw new RangeError(`${value} has more decimals than ${currency} allows`);
  const minor = BigInt(whole + (fraction ?? "").slice(0, digits).padEnd(digits, "0"));
  return sign === "-" ? -minor : minor;
}

/**
 * The exact decimal text of a JSON number (Plaid and Salt Edge send amounts as numbers): a JS
 * number's shortest round-trip text is the decimal the provider wrote, so going through it, never
 * through float arithmetic, keeps cents exact. 0.1 → "0.1", 1e-7 → "0.0000001".
 */
export function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`Not a decimal amount: ${value}`);
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let text: string;
  if (point <= 0) text = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + "0".repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}${text.replace(/^0+(?=\d)/, "")}`;
}

/** Minor units of a JSON-number amount; more decimals than the currency has is an error, not a rounding. */
export function numberToMinor(value: number, currency: string): bigint {
  return decimalToMinor(numberToDecimalString(value), currency);
}

// Making an Intl formatter costs a hundred times what formatting with one does, and a page formats
// hundreds of amounts: one per locale and currency, the cache emptied past a bound (locales come from requests).
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats minor units for display in a locale ("€1,234.50", "-¥1,235", "1.234,500 KWD"). */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  const formatter = remembered(moneyFormats, `${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency }));
  // Intl formats a decimal string exactly (no float conversion), as ES2023 specifies.
  return formatter.format(toDecimalString(minor, currency) as unknown as number);
}
