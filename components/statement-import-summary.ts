import { message, type Message } from "@/i18n/message";
import type { StatementImportResult, StatementPreview } from "@/lib/banksync/statement-files/contract";
import { maxStatementFileBytes } from "@/lib/banksync/statement-files/types";
import { formatDate } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

/** One line of the preview's summary, as Messages the component says: counts, dates and amounts come formatted in the user's locale. */
export type PreviewFact = { text: Message; hint?: Message };

const megabytes = (bytes: number) => bytes / (1024 * 1024);

/** Why a chosen file is refused before anything is sent, or null when it may go. */
export function fileRefusal(size: number): Message | null {
  if (size === 0) return message("StatementImport.errors.emptyFile");
  if (size > maxStatementFileBytes) {
    // Rounded up, so a file just over the limit never reads as the limit itself.
    return message("StatementImport.errors.fileTooLarge", { size: (Math.ceil(megabytes(size) * 10) / 10).toFixed(1), max: megabytes(maxStatementFileBytes) });
  }
  return null;
}

/** What a previewed file would do, as the sentences of the preview's summary list, in the user's locale. */
export function previewFacts(preview: StatementPreview, locale: string): PreviewFact[] {
  const n = (count: number) => new Intl.NumberFormat(locale).format(count);
  const facts: PreviewFact[] = [{ text: message("StatementImport.facts.lines", { count: preview.lines, n: n(preview.lines) }) }];
  if (preview.firstDate && preview.lastDate) {
    facts.push({ text: message("StatementImport.facts.period", { first: formatDate(preview.firstDate, locale), last: formatDate(preview.lastDate, locale) }) });
  }
  facts.push(
    { text: message("StatementImport.facts.total", { amount: formatMoney(BigInt(preview.totalMinor), preview.currency, locale) }) },
    { text: message("StatementImport.facts.toImport", { n: n(preview.toImport) }) },
    { text: message("StatementImport.facts.existing", { n: n(preview.existing) }) },
    { text: message("StatementImport.facts.duplicates", { n: n(preview.possibleDuplicates) }), hint: message("StatementImport.facts.duplicatesHint") },
    {
      text: message("StatementImport.facts.locked", { n: n(preview.locked) }),
      hint: preview.lockDate ? message("StatementImport.facts.lockedHint", { date: formatDate(preview.lockDate, locale) }) : undefined,
    },
  );
  if (preview.pending > 0) facts.push({ text: message("StatementImport.facts.pending", { n: n(preview.pending) }) });
  if (preview.accountNumber) facts.push({ text: message("StatementImport.facts.account", { account: preview.accountNumber }) });
  facts.push({ text: message("StatementImport.facts.currency", { currency: preview.currency }) });
  return facts;
}

/** The outcome of "Import" in one sentence: "12 transactions imported, 2 flagged as possible duplicates." */
export function importOutcome(result: StatementImportResult, locale: string): Message {
  const n = (count: number) => new Intl.NumberFormat(locale).format(count);
  return message("StatementImport.outcome", {
    imported: result.imported,
    importedN: n(result.imported),
    flagged: result.flagged,
    flaggedN: n(result.flagged),
    refused: result.refusedLocked,
    refusedN: n(result.refusedLocked),
  });
}
