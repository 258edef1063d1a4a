import { extractIBAN } from "ibantools";
import { sanitizeAccountNumber } from "@/lib/bank-identifiers";

/**
 * Whether a file's account is the journal's: the same number once sanitized, or the file gives the
 * local number (BBAN) that the journal's IBAN holds, as OFX files of IBAN countries often do.
 */
export function isSameAccount(journalNumber: string, fileNumber: string): boolean {
  const journal = sanitizeAccountNumber(journalNumber);
  const file = sanitizeAccountNumber(fileNumber);
  if (file === "" || journal === file) return true;
  const iban = extractIBAN(journal);
  return iban.valid && iban.bban !== undefined && file.length >= 8 && iban.bban.includes(file);
}
