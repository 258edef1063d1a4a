import { and, eq, gt, isNotNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, institutions } from "@/db/schema";
import type { Actor } from "../actor";
import { providerNames, type ProviderId } from "../providers/types";

export type ConsentNotice = { connectionId: string; institutionName: string; providerName: string; consentExpiresAt: Date };

/** The dashboard's notices: consents a reminder was sent for (15, 3 or 1 days before they end), until renewed. */
export async function listConsentNotices(db: Db, actor: Actor, now: Date): Promise<ConsentNotice[]> {
  const rows = await db
    .select({
      connectionId: connections.id,
      institutionName: institutions.name,
      provider: connections.provider,
      consentExpiresAt: connections.consentExpiresAt,
    })
    .from(connections)
    .innerJoin(institutions, eq(institutions.id, connections.institutionId))
    .where(
      and(
        eq(connections.companyId, actor.companyId),
        ne(connections.state, "disconnected"),
        isNotNull(connections.consentReminderDays),
        gt(connections.consentExpiresAt, now),
      ),
    )
    .orderBy(connections.consentExpiresAt);
  return rows.map(({ provider, consentExpiresAt, ...r }) => ({
    ...r,
    providerName: providerNames[provider as ProviderId] ?? provider,
    consentExpiresAt: consentExpiresAt!,
  }));
}
