import { electronicFormatIBAN, friendlyFormatIBAN, getCountrySpecifications, isValidBIC, validateIBAN } from "ibantools";
import { message, type Message } from "@/i18n/message";

export type AccountNumber =
  | { ok: true; kind: "iban" | "local"; display: string; sanitized: string }
  | { ok: false; error: Message };

const ibanCountries = new Set(
  Object.entries(getCountrySpecifications())
    .filter(([, spec]) => spec.chars)
    .map(([code]) => code),
);

/** Upper-case letters and digits only: what two account numbers are compared on. */
export function sanitizeAccountNumber(value: string): string {
  return value.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

/**
 * An IBAN when it starts like one of a country that uses IBANs (then it must be valid), otherwise a
 * local account number (digits, letters and the usual separators).
 */
export function parseAccountNumber(input: string): AccountNumber {
  const text = input.trim();
  if (text === "") return { ok: false, error: message("BankIdentifiers.enterAccountNumber") };
  if (text.length > 64) return { ok: false, error: message("BankIdentifiers.accountNumberTooLong") };
  const compact = electronicFormatIBAN(text) ?? "";
  if (/^[A-Z]{2}\d{2}/.test(compact) && ibanCountries.has(compact.slice(0, 2))) {
    if (!validateIBAN(compact).valid) return { ok: false, error: message("BankIdentifiers.invalidIban", { number: text }) };
    return { ok: true, kind: "iban", display: friendlyFormatIBAN(compact) ?? compact, sanitized: compact };
  }
  if (!/^[0-9A-Za-z][0-9A-Za-z .\-/]*$/.test(text)) {
    return { ok: false, error: message("BankIdentifiers.accountNumberCharacters") };
  }
  const sanitized = sanitizeAccountNumber(text);
  if (sanitized.length < 4 || sanitized.length > 34) {
    return { ok: false, error: message("BankIdentifiers.accountNumberLength") };
  }
  if (!/\d/.test(sanitized)) return { ok: false, error: message("BankIdentifiers.accountNumberDigits") };
  return { ok: true, kind: "local", display: text.replace(/\s+/g, " "), sanitized };
}

export type Bic = { ok: true; bic: string } | { ok: false; error: Message };

/** A BIC (SWIFT code) of 8 or 11 characters, upper-cased. */
export function parseBic(input: string): Bic {
  const bic = input.trim().toUpperCase().replace(/\s+/g, "");
  if (!isValidBIC(bic)) return { ok: false, error: message("BankIdentifiers.invalidBic", { bic: input.trim() }) };
  return { ok: true, bic };
}
