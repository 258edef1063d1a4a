/**
 * What institution search compares: lower case, accents folded ("Liège" → "liege"), punctuation
 * as spaces, runs of spaces collapsed. The catalog stores it; queries are folded the same way.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The searchable text of an institution: its name and BIC. */
export function institutionSearchText(name: string, bic: string | null): string {
  return foldForSearch(bic ? `${name} ${bic}` : name);
}
