import { and, eq, sql } from "drizzle-orm";
import { resultRows, type Db } from "@/db/client";
import { statementImports } from "@/db/schema";
import type { Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import { lockDateOf } from "../lock-date";
import type { PreviewLine, PreviewLineStatus, StatementPreview } from "./contract";

/** Lines of the file the preview lists. */
const SAMPLE_LINES = 10;

/**
 * Where each staged line would stand, decided as the import itself decides (lib/banksync/sync/import-page.ts):
 * on or before the lock date it is refused; an id the journal holds (or a line the user deleted) is
 * skipped; a line with the date, amount, currency and counterpart account number of one of the
 * journal's lines (any number, when the file gives none), or of another line of the file, is
 * imported and flagged as a possible duplicate;
 * the rest is new.
 */
function classified(importId: string, journalId: string, lockDate: string | null) {
  return sql`
    select s.position, s.date, s.amount_minor, s.currency, s.label, s.partner_name,
      case
        when ${lockDate}::date is not null and s.date <= ${lockDate}::date then 'locked'
        when exists (select 1 from statement_lines l where l.journal_id = ${journalId} and l.online_transaction_id = s.transaction_id)
          or exists (select 1 from deleted_online_transactions d where d.journal_id = ${journalId} and d.online_transaction_id = s.transaction_id)
          then 'existing'
        when s.look_alikes > 1 or exists (
          select 1 from statement_lines l
          where l.journal_id = ${journalId} and l.date = s.date and l.amount_minor = s.amount_minor and l.currency = s.currency
            and (s.counterpart_key = '' or regexp_replace(upper(coalesce(l.counterpart_account, '')), '[^0-9A-Z]', '', 'g') = s.counterpart_key)
        ) then 'duplicate'
        else 'new'
      end as status
    from (
      select f.*, count(*) over (partition by f.date, f.amount_minor, f.currency, f.counterpart_key) as look_alikes
      from statement_import_lines f
      where f.import_id = ${importId}
    ) s`;
}

type StatusRow = { status: PreviewLineStatus; lines: number; first_date: string | null; last_date: string | null; total: string | null; sample: string | null };
type SampleLine = Omit<PreviewLine, "status"> & { position: number };

/** What importing a staged file would do: counts by status, date range, total, and its first lines. */
export async function previewStatementImport(db: Db, actor: Actor, journalId: string, importId: string): Promise<StatementPreview> {
  if (!isUuid(importId)) throw new NotFoundError("Statement import");
  const [staged] = await db
    .select()
    .from(statementImports)
    .where(and(eq(statementImports.id, importId), eq(statementImports.journalId, journalId), eq(statementImports.companyId, actor.companyId)));
  if (!staged || staged.status !== "staged") throw new NotFoundError("Statement import");
  const lockDate = await lockDateOf(db, actor.companyId);

  // One pass over the file: per status, its count, dates, total and its lines among the first ones.
  const byStatus = resultRows<StatusRow>(await db.execute(sql`
    select status, count(*)::int as lines, min(date)::text as first_date, max(date)::text as last_date, sum(amount_minor)::text as total,
      (json_agg(json_build_object('position', position, 'date', date::text, 'amountMinor', amount_minor::text, 'currency', currency,
        'label', label, 'partnerName', partner_name) order by position) filter (where position <= ${SAMPLE_LINES}))::text as sample
    from (${classified(importId, journalId, lockDate)}) c group by status`));
  const sample = byStatus
    .flatMap((row) => (row.sample ? (JSON.parse(row.sample) as SampleLine[]).map((line) => ({ ...line, status: row.status })) : []))
    .sort((a, b) => a.position - b.position)
    .map(({ position: _position, ...line }): PreviewLine => line);

  const count = (status: PreviewLineStatus) => byStatus.find((row) => row.status === status)?.lines ?? 0;
  const dates = byStatus.flatMap((row) => [row.first_date, row.last_date]).filter((d): d is string => d !== null).sort();
  const lines = byStatus.reduce((n, row) => n + row.lines, 0);
  return {
    importId,
    fileName: staged.fileName,
    format: staged.format,
    accountNumber: staged.accountNumber,
    currency: staged.currency,
    lines,
    pending: staged.pendingCount,
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    totalMinor: byStatus.reduce((sum, row) => sum + BigInt(row.total ?? "0"), 0n).toString(),
    existing: count("existing"),
    possibleDuplicates: count("duplicate"),
    locked: count("locked"),
    lockDate,
    toImport: lines - count("existing") - count("locked"),
    sample,
  };
}
