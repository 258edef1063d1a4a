import type { PreviewLineStatus, StatementImportResult, StatementPreview } from "@/lib/banksync/statement-files/contract";
import { maxStatementFileBytes } from "@/lib/banksync/statement-files/types";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

export const statusNames: Record<PreviewLineStatus, string> = {
  new: "New",
  existing: "Already imported",
  duplicate: "Possible duplicate",
  locked: "Locked",
  pending: "Pending",
};

export const duplicatesHint = "They will be imported and flagged for review.";

export type PreviewFact = { text: string; hint?: string };

const megabytes = (bytes: number) => bytes / (1024 * 1024);

/** Why a chosen file is refused before anything is sent, or null when it may go. */
export function fileRefusal(size: number): string | null {
  if (size === 0) return "The file is empty: choose the statement file your bank exported.";
  if (size > maxStatementFileBytes) {
    // Rounded up, so a file just over the limit never reads as the limit itself.
    return `The file is ${(Math.ceil(megabytes(size) * 10) / 10).toFixed(1)} MB: files up to ${megabytes(maxStatementFileBytes)} MB can be imported.`;
  }
  return null;
}

/** What a previewed file would do, as the sentences of the preview's summary list, in the user's locale. */
export function previewFacts(preview: StatementPreview, locale: string): PreviewFact[] {
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const facts: PreviewFact[] = [{ text: `${count(preview.lines)} ${preview.lines === 1 ? "line" : "lines"}` }];
  if (preview.firstDate && preview.lastDate) {
    facts.push({ text: `${formatDate(preview.firstDate, locale)} – ${formatDate(preview.lastDate, locale)}` });
  }
  facts.push(
    { text: `Total ${formatMoney(BigInt(preview.totalMinor), preview.currency, locale)}` },
    { text: `To import: ${count(preview.toImport)}` },
    { text: `Already imported: ${count(preview.existing)}` },
    { text: `Possible duplicates: ${count(preview.possibleDuplicates)}`, hint: duplicatesHint },
    {
      text: `In the locked period (refused): ${count(preview.locked)}`,
      hint: preview.lockDate ? `Locked up to and including ${formatDate(preview.lockDate, locale)}.` : undefined,
    },
  );
  if (preview.pending > 0) facts.push({ text: `Pending (not imported): ${count(preview.pending)}` });
  if (preview.accountNumber) facts.push({ text: `Account ${preview.accountNumber}` });
  facts.push({ text: `Currency ${preview.currency}` });
  return facts;
}

/** The outcome of "Import" in one sentence: "12 transactions imported, 2 flagged as possible duplicates." */
export function importOutcome(result: StatementImportResult, locale: string): string {
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const parts = [`${count(result.imported)} ${result.imported === 1 ? "transaction" : "transactions"} imported`];
  if (result.flagged > 0) parts.push(`${count(result.flagged)} flagged as ${result.flagged === 1 ? "a possible duplicate" : "possible duplicates"}`);
  if (result.refusedLocked > 0) parts.push(`${count(result.refusedLocked)} refused (locked period)`);
  return `${parts.join(", ")}.`;
}
