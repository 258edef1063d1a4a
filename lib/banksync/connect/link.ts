import { and, eq } from "drizzle-orm";
import { bankAccounts, connectionAttempts, connections, institutions, journals, onlineAccounts, syncRuns } from "@/db/schema";
import { message, type Message } from "@/i18n/message";
import { parseAccountNumber } from "@/lib/bank-identifiers";
import { assertCanWrite, type Actor } from "../actor";
import { logConnectionMessage } from "../connection-log";
import { NotFoundError, ValidationError } from "../errors";
import { isUuid } from "../journals";
import { sendRun } from "../sync/requests";
import { numberOf, mappableJournals } from "./attempt";
import type { ConnectDeps } from "./deps";
import { proposeMappings, type MappingTarget } from "./mapping";

import { SYNC_INTERVAL_MS } from "../sync/deps";

export type AccountChoice = { accountId: string; target: MappingTarget };

export type SynchronizeResult = { connectionId: string; runId: string; journalIds: string[] };

/**
 * "Synchronize" in the account selection: creates the new journals, links the chosen ones, records
 * the initial synchronization as queued, all in one transaction; then queues its job.
 */
export async function synchronizeAccounts(deps: ConnectDeps, actor: Actor, attemptId: string, choices: AccountChoice[]): Promise<SynchronizeResult> {
  assertCanWrite(actor);
  if (!isUuid(attemptId)) throw new NotFoundError("Connection attempt");
  const result = await deps.db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(connectionAttempts)
      .where(and(eq(connectionAttempts.id, attemptId), eq(connectionAttempts.companyId, actor.companyId), eq(connectionAttempts.userId, actor.userId)))
      .for("update");
    if (!attempt) throw new NotFoundError("Connection attempt");
    if (attempt.status === "completed") throw new ValidationError({ accounts: [message("AccountSelection.errors.alreadyDone")] });
    if (attempt.status !== "authorized" || !attempt.connectionId) throw new ValidationError({ accounts: [message("AccountSelection.errors.notAuthorized")] });
    const connectionId = attempt.connectionId;

    const accounts = await tx.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const companyJournals = await mappableJournals(tx, actor.companyId, connectionId);
    const proposals = proposeMappings(
      accounts.map((a) => ({ id: a.id, currency: a.currency, accountNumber: numberOf(a) })),
      companyJournals,
      attempt.journalId,
    );
    const chosen = new Map(choices.map((c) => [c.accountId, c.target]));
    if (chosen.size !== choices.length || choices.some((c) => !accounts.some((a) => a.id === c.accountId))) {
      throw new ValidationError({ accounts: [message("AccountSelection.errors.mismatch")] });
    }
    const usedJournals = new Set<string>();
    const plan = accounts.map((account, index) => {
      const proposal = proposals[index]!;
      const target = chosen.get(account.id) ?? proposal.proposed;
      if (target === "skip") return { account, target };
      // The account's row says why; the form's summary names the account.
      const refuse = (reason: Message) => {
        throw new ValidationError({ [`account-${account.id}`]: [reason], accounts: [message("AccountSelection.errors.account", { account: account.name })] });
      };
      if (proposal.conflict) refuse(proposal.conflict);
      if (target === "new") {
        if (!proposal.allowNew) refuse(message("AccountSelection.errors.numberHeld"));
      } else {
        if (!proposal.journalIds.includes(target)) refuse(message("AccountSelection.errors.chooseJournal"));
        if (usedJournals.has(target)) refuse(message("AccountSelection.errors.journalTaken"));
        usedJournals.add(target);
      }
      return { account, target };
    });
    if (plan.every((p) => p.target === "skip")) {
      throw new ValidationError({ accounts: [message("AccountSelection.errors.noneChosen")] });
    }

    const [institution] = await tx
      .select({ name: institutions.name, bic: institutions.bic })
      .from(connections)
      .innerJoin(institutions, eq(institutions.id, connections.institutionId))
      .where(eq(connections.id, connectionId));
    const journalIds: string[] = [];
    const linkedNames: string[] = [];
    for (const { account, target } of plan) {
      if (target === "skip") continue;
      let journalId = target;
      if (target === "new") {
        const number = parseAccountNumber(account.iban ?? account.accountNumber ?? "");
        let bankAccountId: string | null = null;
        if (number.ok) {
          const [created] = await tx
            .insert(bankAccounts)
            .values({
              companyId: actor.companyId,
              accountNumber: number.display,
              sanitizedAccountNumber: number.sanitized,
              bankName: institution?.name ?? null,
              bic: institution?.bic ?? null,
            })
            .returning({ id: bankAccounts.id });
          bankAccountId = created!.id;
        }
        const [journal] = await tx
          .insert(journals)
          .values({ companyId: actor.companyId, name: account.name, currency: account.currency, bankAccountId })
          .returning({ id: journals.id });
        journalId = journal!.id;
      }
      await tx.update(onlineAccounts).set({ journalId, fetchingStatus: "waiting" }).where(eq(onlineAccounts.id, account.id));
      journalIds.push(journalId);
      linkedNames.push(account.name);
    }

    const now = deps.clock.now();
    await tx.update(connections).set({ nextRefreshAt: new Date(now.getTime() + SYNC_INTERVAL_MS), updatedAt: now }).where(eq(connections.id, connectionId));
    await tx.update(connectionAttempts).set({ status: "completed" }).where(eq(connectionAttempts.id, attempt.id));
    const [run] = await tx
      .insert(syncRuns)
      .values({ companyId: actor.companyId, connectionId, trigger: "initial", status: "queued", requestedBy: actor.userId, queuedAt: now })
      .returning({ id: syncRuns.id });
    await logConnectionMessage(tx, {
      companyId: actor.companyId,
      connectionId,
      text: message("ConnectLog.synchronizing", { accounts: linkedNames.join(", ") }),
      authorId: actor.userId,
      at: now,
    });
    return { connectionId, runId: run!.id, journalIds, provider: attempt.provider };
  });

  // A queue that refuses fails the run (the card then says so); the journals stay linked either way.
  await sendRun(deps, { runId: result.runId, connectionId: result.connectionId, provider: result.provider }).catch(() => undefined);
  return result;
}
