import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ledgerAccounts } from "@/db/schema";
import type { Actor } from "./actor";
import { NotFoundError } from "./errors";
import { isUuid } from "./journals";

export type LedgerAccount = {
  id: string;
  code: string;
  name: string;
  type: (typeof ledgerAccounts.$inferSelect)["type"];
};

const columns = { id: ledgerAccounts.id, code: ledgerAccounts.code, name: ledgerAccounts.name, type: ledgerAccounts.type };

/** The company's chart of accounts (seeded for every company by a trigger), ordered by code as accountants read it. */
export async function listLedgerAccounts(db: Db, actor: Actor): Promise<LedgerAccount[]> {
  return db.select(columns).from(ledgerAccounts).where(eq(ledgerAccounts.companyId, actor.companyId)).orderBy(asc(ledgerAccounts.code));
}

/** One account of the actor's company; another company's id answers as unknown. */
export async function getLedgerAccount(db: Db, actor: Actor, accountId: string): Promise<LedgerAccount> {
  if (!isUuid(accountId)) throw new NotFoundError("Account");
  const [account] = await db
    .select(columns)
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.id, accountId), eq(ledgerAccounts.companyId, actor.companyId)));
  if (!account) throw new NotFoundError("Account");
  return account;
}
