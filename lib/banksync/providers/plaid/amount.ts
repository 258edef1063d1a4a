import { decimalToMinor } from "@/lib/money";

/**
 * Plaid sends amounts as JSON numbers. A JS number's shortest round-trip text (`String(n)`) is the
 * decimal Plaid wrote, so going through it, never through float arithmetic, keeps cents exact.
 */
export function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  const text = String(value);
  const exponent = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign = "", whole = "", fraction = "", power = "0"] = exponent;
  const digits = whole + fraction;
  const point = whole.length + Number(power);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Minor units of a JSON-number amount; more decimals than the currency has is an error, not a rounding. */
export function numberToMinor(value: number, currency: string): bigint {
  return decimalToMinor(numberToDecimalString(value), currency);
}
