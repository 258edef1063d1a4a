import { eq } from "drizzle-orm";
import { connectionAttempts, connections, onlineAccounts } from "@/db/schema";
import { sanitizeAccountNumber } from "@/lib/bank-identifiers";
import { message } from "@/i18n/message";
import { encryptJson } from "@/lib/crypto";
import { logConnectionMessage } from "../connection-log";
import type { CompletedAuthorization, NormalizedAccount } from "../providers/types";
import { requestRun } from "../sync/requests";
import type { ConnectDeps } from "./deps";

type Existing = typeof onlineAccounts.$inferSelect;

/** An authorized account as its online_accounts row holds it. */
export function onlineAccountValues(account: NormalizedAccount) {
  return {
    externalId: account.externalId,
    name: account.name,
    accountNumber: account.accountNumber,
    iban: account.iban,
    currency: account.currency,
    balanceMinor: account.balance?.amountMinor ?? null,
    balanceDate: account.balance?.referenceDate ?? null,
    raw: account.raw ?? null,
  };
}

const numberKey = (account: { iban: string | null; accountNumber: string | null }) => {
  const number = account.iban ?? account.accountNumber;
  return number ? sanitizeAccountNumber(number) : null;
};

/**
 * Which stored account each authorized account is: the same provider id, else the same IBAN or
 * account number, else the same name and currency. Pure; answers the stored id or null (a new account).
 */
export function matchAccounts(authorized: NormalizedAccount[], stored: Existing[]): (string | null)[] {
  const taken = new Set<string>();
  const pick = (test: (s: Existing) => boolean) => {
    const found = stored.find((s) => !taken.has(s.id) && test(s));
    if (found) taken.add(found.id);
    return found?.id ?? null;
  };
  const result: (string | null)[] = authorized.map((a) => pick((s) => s.externalId === a.externalId));
  authorized.forEach((a, i) => {
    if (result[i] === null && numberKey(a)) result[i] = pick((s) => numberKey(s) === numberKey(a));
  });
  authorized.forEach((a, i) => {
    if (result[i] === null) result[i] = pick((s) => s.name === a.name && s.currency === a.currency);
  });
  return result;
}

/**
 * Update Credentials / Reconnect completed: the same connection gets the new secret and consent, is
 * connected again, every account keeps its journal (re-matched), new ones are added unlinked; then a
 * synchronization continues where the last one stopped (nothing is imported twice: lines are unique by
 * online id per journal).
 */
export async function renewConnection(deps: ConnectDeps, attempt: typeof connectionAttempts.$inferSelect, completed: CompletedAuthorization): Promise<void> {
  const connectionId = attempt.connectionId!;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [previous] = await tx.select({ state: connections.state }).from(connections).where(eq(connections.id, connectionId)).for("update");
    const stored = await tx.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, connectionId));
    const matches = matchAccounts(completed.accounts, stored);
    let added = 0;
    for (const [i, account] of completed.accounts.entries()) {
      const values = onlineAccountValues(account);
      const match = matches[i];
      if (match) {
        await tx.update(onlineAccounts).set({ ...values, missingSince: null }).where(eq(onlineAccounts.id, match));
      } else {
        await tx.insert(onlineAccounts).values({ ...values, companyId: attempt.companyId, connectionId });
        added++;
      }
    }
    // Accounts left out of the new consent: kept (with their journal) but no longer synchronized.
    const gone = stored.filter((s) => !matches.includes(s.id));
    for (const account of gone) {
      await tx.update(onlineAccounts).set({ missingSince: account.missingSince ?? now, fetchingStatus: "idle" }).where(eq(onlineAccounts.id, account.id));
    }
    await tx
      .update(connections)
      .set({
        secret: encryptJson(completed.secret, connectionId, deps.appSecret),
        externalRef: completed.externalRef,
        consentExpiresAt: completed.consentExpiresAt,
        consentReminderDays: null,
        state: "connected",
        lastErrorMessage: null,
        lastErrorCode: null,
        lastErrorReference: null,
        updatedAt: now,
      })
      .where(eq(connections.id, connectionId));
    await tx.update(connectionAttempts).set({ status: "completed" }).where(eq(connectionAttempts.id, attempt.id));
    const renewed = completed.accounts.length - added;
    const reconnected = previous?.state === "disconnected" || previous?.state === "action_required";
    await logConnectionMessage(tx, {
      companyId: attempt.companyId,
      connectionId,
      level: gone.length > 0 ? "warning" : "info",
      text: message("ConnectLog.renewed", {
        reconnected: reconnected ? "yes" : "no",
        renewed,
        added,
        gone: gone.length,
        goneNames: gone.map((g) => `“${g.name}”`).join(", "),
      }),
      authorId: attempt.userId,
      at: now,
    });
  });
  await requestRun(deps, connectionId, "update", attempt.userId);
}
