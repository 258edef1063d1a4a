import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ledgerAccounts, users } from "@/db/schema";
import { addManualBankAccount } from "@/lib/banksync/bank-accounts";
import { hashPassword } from "@/lib/password";
import { isoDate } from "@/lib/dates";
import { companyWithUsers } from "@/test/fixtures";

export const PASSWORD = "bench password 123";

export type ScaleCompany = { adminEmail: string; journalIds: string[] };

/**
 * A company of `journals` bank journals holding `lines` statement lines between them, as years of
 * bank files would leave them: `days` days of history ending today, oldest first (so the insertion
 * sequence follows the dates), 95% reconciled — the newest 3% not yet, plus 2% left behind along the
 * way — and one line in a thousand flagged as a possible duplicate. The lines are made inside the
 * database by generate_series, one statement per journal, through the app's own triggers: the
 * lock-date guard checks each line and the per-day totals are the app's.
 */
export async function scaleCompany(db: Db, name: string, options: { journals: number; lines: number; days: number; onJournal?: (done: number) => void }): Promise<ScaleCompany> {
  const co = await companyWithUsers(db, name);
  const adminEmail = await withPassword(db, co.admin.userId);
  const journalIds: string[] = [];
  for (let j = 0; j < options.journals; j++) {
    const { journalId } = await addManualBankAccount(db, co.admin, { accountNumber: `SCALE-${name.replace(/\W/g, "")}-${j}`, bankName: `Bank ${j % 7}` });
    journalIds.push(journalId);
  }
  const accounts = await db
    .select({ code: ledgerAccounts.code, id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.companyId, co.companyId), inArray(ledgerAccounts.code, ["4000", "6000"])));
  const income = accounts.find((a) => a.code === "4000")!.id;
  const expense = accounts.find((a) => a.code === "6000")!.id;
  const perJournal = Math.floor(options.lines / options.journals);
  const first = isoDate(new Date(Date.now() - (options.days - 1) * 86_400_000));
  for (const [j, journalId] of journalIds.entries()) {
    const count = perJournal + (j < options.lines % options.journals ? 1 : 0);
    await db.execute(sql`
      insert into statement_lines (company_id, journal_id, date, amount_minor, currency, label, partner_name,
        counterpart_account, source, import_id, possible_duplicate, reconciled, reconciled_account_id,
        reconciled_partner, reconciled_label, reconciled_at, reconciled_by)
      select ${co.companyId}, ${journalId}, ${first}::date + (i::bigint * ${options.days} / ${count + 1})::int, l.amount,
             'EUR', l.label, l.partner, 'BE' || lpad(((i * 7919) % 1000000)::text, 14, '0'), 'file',
             md5(${journalId} || (i / 1000)::text)::uuid, i % 1000 = 7, l.reconciled,
             case when l.reconciled then case when l.amount >= 0 then ${income}::uuid else ${expense}::uuid end end,
             case when l.reconciled then l.partner end, case when l.reconciled then l.label end,
             case when l.reconciled then now() end, case when l.reconciled then ${co.admin.userId}::uuid end
      from generate_series(1, ${count}) as i,
      lateral (select ((i * 7919) % 200001) - 100000 as amount,
                      (array['Card payment', 'Transfer', 'Direct debit', 'Cash withdrawal', 'Salary'])[1 + i % 5] || ' ' || i as label,
                      'Partner ' || (i % 997) as partner,
                      not (i > ${count} * 0.97 or i % 50 = 7) as reconciled) as l`);
    options.onJournal?.(j + 1);
  }
  return { adminEmail, journalIds };
}

/** A company with `journals` journals (one by default) and no line: a baseline. */
export async function emptyCompany(db: Db, name: string, journals = 1): Promise<ScaleCompany> {
  const co = await companyWithUsers(db, name);
  const adminEmail = await withPassword(db, co.admin.userId);
  const journalIds: string[] = [];
  for (let j = 0; j < journals; j++) {
    const { journalId } = await addManualBankAccount(db, co.admin, { accountNumber: `SCALE-${name.replace(/\W/g, "")}-${j}`, bankName: `Bank ${j % 7}` });
    journalIds.push(journalId);
  }
  return { adminEmail, journalIds };
}

let hashed: Promise<string> | undefined;

/** Gives the user PASSWORD, so the benchmark can sign in as them; answers their email. */
async function withPassword(db: Db, userId: string): Promise<string> {
  const [user] = await db.update(users).set({ passwordHash: await (hashed ??= hashPassword(PASSWORD)) }).where(eq(users.id, userId)).returning({ email: users.email });
  return user!.email;
}
