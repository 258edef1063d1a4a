import { and, eq, gt, isNotNull, lt, ne, sql } from "drizzle-orm";
import { connections, institutions, onlineAccounts } from "@/db/schema";
import { message } from "@/i18n/message";
import { logger } from "@/lib/logger";
import { logConnectionMessage } from "../connection-log";
import { providerNames, type ProviderId } from "../providers/types";
import { removeConnection } from "./delete";
import type { ManageDeps } from "./deps";

/** Days before a consent ends at which its connection is reminded (dashboard notice and log entry). */
export const CONSENT_REMINDER_DAYS = [15, 3, 1] as const;

/** A connection no journal uses is deleted after this many days without use. */
export const UNUSED_CONNECTION_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reminder due for a consent ending in `msLeft`: the smallest threshold reached, or null. Pure. */
export function reminderDue(msLeft: number, alreadyReminded: number | null): number | null {
  if (msLeft <= 0) return null;
  const daysLeft = Math.ceil(msLeft / DAY_MS);
  const reached = CONSENT_REMINDER_DAYS.filter((d) => daysLeft <= d);
  if (reached.length === 0) return null;
  const due = Math.min(...reached);
  return alreadyReminded === null || due < alreadyReminded ? due : null;
}

/**
 * Daily: each connection whose consent ends within 15, 3 or 1 days gets one reminder per threshold,
 * in its log; the dashboard shows the notice until the consent is renewed. Answers how many were sent.
 */
export async function remindExpiringConsents(deps: Pick<ManageDeps, "db" | "clock">): Promise<number> {
  const now = deps.clock.now();
  const candidates = await deps.db
    .select({ connection: connections, institutionName: institutions.name })
    .from(connections)
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .where(
      and(
        ne(connections.state, "disconnected"),
        isNotNull(connections.consentExpiresAt),
        gt(connections.consentExpiresAt, now),
        lt(connections.consentExpiresAt, new Date(now.getTime() + Math.max(...CONSENT_REMINDER_DAYS) * DAY_MS)),
      ),
    );
  let sent = 0;
  for (const { connection: c, institutionName } of candidates) {
    const due = reminderDue(c.consentExpiresAt!.getTime() - now.getTime(), c.consentReminderDays);
    if (due === null) continue;
    const providerName = providerNames[c.provider as ProviderId] ?? c.provider;
    await deps.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(connections)
        .set({ consentReminderDays: due })
        .where(and(eq(connections.id, c.id), sql`coalesce(${connections.consentReminderDays}, 1000) > ${due}`))
        .returning({ id: connections.id });
      if (!claimed) return;
      await logConnectionMessage(tx, {
        companyId: c.companyId,
        connectionId: c.id,
        level: "warning",
        text: message("ConnectionLog.consentReminder", { institution: institutionName, provider: providerName, days: due }),
        authorId: null,
        at: now,
      });
      sent++;
    });
  }
  return sent;
}

/**
 * Daily: a connection that feeds no journal and was not used for 30 days is revoked and deleted (a
 * provider keeping its record leaves it disconnected). Answers how many were removed.
 */
export async function removeUnusedConnections(deps: ManageDeps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - UNUSED_CONNECTION_DAYS * DAY_MS);
  const unused = await deps.db
    .select()
    .from(connections)
    .where(
      and(
        lt(connections.updatedAt, before),
        sql`coalesce(${connections.lastRefreshAt}, ${connections.createdAt}) < ${before.toISOString()}::timestamptz`,
        sql`not exists (select 1 from ${onlineAccounts} where ${onlineAccounts.connectionId} = ${connections.id} and ${onlineAccounts.journalId} is not null)`,
      ),
    );
  let removed = 0;
  for (const connection of unused) {
    try {
      const outcome = await removeConnection(deps, connection, null);
      if (outcome.status === "deleted") removed++;
    } catch (error) {
      logger.warn("unused connection not removed", { connectionId: connection.id, error: String(error) });
    }
  }
  return removed;
}
