import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export const OPENING_BALANCE_LABEL = "Opening balance";

type Row = { total: string | null; first_date: string | null; first_sequence: string | null };

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * After the first synchronization of an empty journal: when the bank's balance differs from the sum
 * of the imported lines, one "Opening balance" line makes them equal. It is dated the day of the first
 * line and ordered before it (its sequence is taken just below that line's), or dated `fallbackDate`
 * when nothing was imported. Answers whether a line was written.
 */
export async function addOpeningBalance(
  db: Pick<Db, "execute">,
  target: { companyId: string; journalId: string; onlineAccountId: string; currency: string; balanceMinor: bigint; fallbackDate: string },
): Promise<boolean> {
  const [state] = rowsOf<Row>(
    await db.execute(sql`
      select
        (select coalesce(sum(amount_minor), 0)::text from journal_days where journal_id = ${target.journalId}) as total,
        first.date::text as first_date,
        first.sequence::text as first_sequence
      from (select 1) as one
      left join lateral (
        select date, sequence from statement_lines where journal_id = ${target.journalId} order by date, sequence limit 1
      ) as first on true`),
  );
  const difference = target.balanceMinor - BigInt(state?.total ?? "0");
  if (difference === 0n) return false;
  const date = state?.first_date ?? target.fallbackDate;
  const sequence = state?.first_sequence ? BigInt(state.first_sequence) - 1n : null;
  await db.execute(sql`
    insert into statement_lines (company_id, journal_id, date, amount_minor, currency, label, source, online_account_id${sequence === null ? sql`` : sql`, sequence`})
    overriding system value
    values (${target.companyId}, ${target.journalId}, ${date}, ${difference.toString()}::bigint, ${target.currency}, ${OPENING_BALANCE_LABEL}, 'online', ${target.onlineAccountId}${sequence === null ? sql`` : sql`, ${sequence.toString()}::bigint`})`);
  return true;
}
