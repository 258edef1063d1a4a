import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import type { Database, Db } from "@/db/client";
import { bankAccounts, connections, journals, onlineAccounts } from "@/db/schema";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { startConnectHarness, TEST_SECRET } from "@/test/connect-harness";
import type { Driver } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { waitForRun } from "@/test/runs";

/** The secret the fleet's tokens are encrypted with: the server that synchronizes them needs it as APP_SECRET. */
export const FLEET_APP_SECRET = TEST_SECRET;

/** One real connection per provider, each on a sandbox bank that provider serves. */
const originals: { provider: ProviderId; bank: string }[] = [
  { provider: "gocardless", bank: "sandbox-bank" },
  { provider: "saltedge", bank: "sandbox-bank" },
  { provider: "enablebanking", bank: "sandbox-bank" },
  { provider: "plaid", bank: "sandbox-us-bank" },
];

/**
 * The providers a fleet holds: all of them, or those named in BENCH_PROVIDERS ("saltedge,plaid"), to
 * measure one provider's CPU per connection on its own.
 */
export function fleetProviders(): ProviderId[] {
  const all = originals.map((o) => o.provider);
  const wanted = process.env.BENCH_PROVIDERS?.split(",").map((p) => p.trim()).filter(Boolean);
  if (!wanted?.length) return all;
  const unknown = wanted.filter((p) => !all.includes(p as ProviderId));
  if (unknown.length > 0) throw new Error(`BENCH_PROVIDERS names no fleet provider: ${unknown.join(", ")} (choose from ${all.join(", ")})`);
  return wanted as ProviderId[];
}

/** Days of each journal's latest lines the copies get: more than the scheduled window's overlap reaches back. */
const COPIED_DAYS = 14;

/**
 * A database holding `size` bank connections, all due for their scheduled synchronization: one real
 * connection per provider (consent and first synchronization through the sandbox, over HTTP), then
 * copies of each — their own journals, bank accounts and online accounts, the provider's same consent,
 * the token encrypted anew for each copy — with the latest lines of the journals, so each scheduled
 * run fetches a week as a real one would. Closed when it answers (the server opens it next).
 */
export async function prepareFleet(
  driver: Driver,
  database: Database & { url?: string },
  size: number,
  providers: ProviderId[] = fleetProviders(),
): Promise<{ connections: number; providers: ProviderId[] }> {
  const chosen = originals.filter((o) => providers.includes(o.provider));
  const harness = await startConnectHarness(driver, database);
  try {
    await harness.startWorkers();
    const db = harness.deps.db;
    const made: string[] = [];
    for (const { provider, bank } of chosen) {
      // A company per provider: the same bank through two providers would be the same accounts twice.
      const co = await companyWithUsers(db, `Fleet ${provider}`);
      const { connectionId, runId } = await harness.connectAll(co.admin, bank, provider);
      const run = await waitForRun(db, runId, 300_000);
      if (run.status !== "succeeded") throw new Error(`the first synchronization through ${provider} ${run.status}: ${run.errorMessage}`);
      made.push(connectionId);
    }
    const copies = Math.ceil(size / chosen.length) - 1;
    for (const connectionId of made) await copyConnection(db, connectionId, copies);
    // Due now: the scheduler's next tick takes every one of them.
    await db.update(connections).set({ nextRefreshAt: sql`now() - interval '1 minute'` });
    const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(connections)) as [{ count: number }];
    return { connections: count, providers: chosen.map((o) => o.provider) };
  } finally {
    await harness.close();
  }
}

/** `copies` copies of a connection with its linked accounts, journals and the journals' latest lines. */
async function copyConnection(db: Db, connectionId: string, copies: number): Promise<void> {
  const [original] = await db.select().from(connections).where(eq(connections.id, connectionId));
  const accounts = await db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
  const journalRows = await db.select().from(journals).where(inArray(journals.id, accounts.map((a) => a.journalId!)));
  const bankRows = await db.select().from(bankAccounts).where(inArray(bankAccounts.id, journalRows.map((j) => j.bankAccountId!)));
  const secret = decryptJson(original!.secret, original!.id, FLEET_APP_SECRET);

  for (let first = 1; first <= copies; first += 250) {
    const batch = Array.from({ length: Math.min(250, copies - first + 1) }, (_, i) => first + i);
    const made = batch.map((k) => ({ k, connectionId: randomUUID(), accounts: accounts.map((a) => ({ account: a, id: randomUUID(), journalId: randomUUID(), bankAccountId: randomUUID() })) }));
    await db.transaction(async (tx) => {
      await tx.insert(connections).values(
        made.map(({ k, connectionId: id }) => ({ ...original!, id, clientId: `${original!.clientId}-copy-${k}`, secret: encryptJson(secret, id, FLEET_APP_SECRET) })),
      );
      const each = made.flatMap(({ k, connectionId: id, accounts: links }) => links.map((link) => ({ k, connectionId: id, ...link })));
      const journalOf = new Map(journalRows.map((j) => [j.id, j]));
      const bankOf = new Map(bankRows.map((b) => [b.id, b]));
      await tx.insert(bankAccounts).values(
        each.map(({ k, account, bankAccountId }) => {
          const bank = bankOf.get(journalOf.get(account.journalId!)!.bankAccountId!)!;
          return { ...bank, id: bankAccountId, accountNumber: `${bank.accountNumber} #${k}`, sanitizedAccountNumber: `${bank.sanitizedAccountNumber}N${k}` };
        }),
      );
      await tx.insert(journals).values(
        each.map(({ k, account, journalId, bankAccountId }) => {
          const journal = journalOf.get(account.journalId!)!;
          return { ...journal, id: journalId, name: `${journal.name} #${k}`, bankAccountId };
        }),
      );
      await tx.insert(onlineAccounts).values(each.map(({ connectionId: id, account, journalId, id: accountId }) => ({ ...account, id: accountId, connectionId: id, journalId, lastRunId: null })));
      for (const account of accounts) {
        const targets = each.filter((e) => e.account.id === account.id);
        const journalIds = sql.join(targets.map((t) => sql`${t.journalId}::uuid`), sql`, `);
        const accountIds = sql.join(targets.map((t) => sql`${t.id}::uuid`), sql`, `);
        await tx.execute(sql`
          insert into statement_lines (company_id, journal_id, date, amount_minor, currency, label, partner_name, counterpart_account,
                                       online_transaction_id, online_account_id, raw_payload, source, possible_duplicate, import_id)
          select s.company_id, copy.journal_id, s.date, s.amount_minor, s.currency, s.label, s.partner_name, s.counterpart_account,
                 s.online_transaction_id, copy.account_id, s.raw_payload, s.source, s.possible_duplicate, s.import_id
          from statement_lines s
          cross join unnest(array[${journalIds}], array[${accountIds}]) as copy(journal_id, account_id)
          where s.journal_id = ${account.journalId}
            and s.date >= (select max(date) from statement_lines where journal_id = ${account.journalId}) - ${COPIED_DAYS}::int`);
      }
    });
  }
}
