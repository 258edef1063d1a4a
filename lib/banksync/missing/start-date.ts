/**
 * The dates the Find Missing Transactions form starts with, in the time zone of the instant's
 * reader (the browser's): "today" is the user's calendar day, not the server's or UTC's.
 * No imports: the dialog runs this in the browser.
 */

function local(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The reader's calendar date of an instant, as YYYY-MM-DD. */
export function localToday(now: Date): string {
  return local(now);
}

/** One month before the reader's today; a day the month lacks (31 March → February) becomes its last day. */
export function defaultStartDate(now: Date): string {
  const year = now.getFullYear();
  const month = now.getMonth() - 1;
  const lastDay = new Date(year, month + 1, 0).getDate();
  return local(new Date(year, month, Math.min(now.getDate(), lastDay)));
}
