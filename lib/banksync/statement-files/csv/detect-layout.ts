import { csvDelimiters, type CsvDelimiter } from "./mapping";

const sampledLines = 30;

/**
 * The delimiter that splits the first lines into the most consistent number of columns (more than
 * one); a preamble of another width counts against no candidate. Quotes are respected line by line.
 * "," when nothing splits.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = firstLines(text).filter((line) => line.trim() !== "");
  let best: { delimiter: CsvDelimiter; agreeing: number; width: number } = { delimiter: ",", agreeing: 0, width: 0 };
  for (const delimiter of csvDelimiters) {
    const widths = lines.map((line) => fieldCount(line, delimiter));
    const width = mostCommon(widths);
    if (width < 2) continue;
    const agreeing = widths.filter((w) => w === width).length;
    if (agreeing > best.agreeing || (agreeing === best.agreeing && width > best.width)) best = { delimiter, agreeing, width };
  }
  return best.delimiter;
}

/**
 * Lines before the table: the account summary some banks print first is narrower than the table, so
 * the table starts at the first line as wide as most lines are (trailing empty fields not counted,
 * since some banks end data rows, not the header, with a delimiter).
 */
export function detectSkipRows(text: string, delimiter: CsvDelimiter): number {
  const widths = firstLines(text).map((line) => fieldCount(line, delimiter, true));
  const width = mostCommon(widths.filter((w) => w >= 2));
  const first = widths.findIndex((w) => w >= width && w >= 2);
  return first === -1 ? 0 : first;
}

function firstLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/, sampledLines + 1).slice(0, sampledLines);
}

/** Fields on one line, delimiters inside quotes not counted; optionally not counting trailing empty fields. */
function fieldCount(line: string, delimiter: string, ignoreTrailingEmpty = false): number {
  let count = 1;
  let lastFilled = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (char === delimiter && !quoted) count++;
    else if (char.trim() !== "") lastFilled = count;
  }
  return ignoreTrailingEmpty ? lastFilled : count;
}

/** The most frequent value, the larger one on a tie; 0 for none. */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value > best)) [best, bestCount] = [value, count];
  }
  return best;
}
