import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { statementImports } from "@/db/schema";

/** How long a previewed file waits for "Import" before the daily housekeeping drops it. */
export const STAGED_IMPORT_LIFETIME_MS = 24 * 3600 * 1000;

/** Drops staged files nobody imported or cancelled (a closed tab, a crashed process); answers how many. */
export async function dropStaleStatementImports(db: Db, now: Date): Promise<number> {
  const dropped = await db
    .delete(statementImports)
    .where(and(eq(statementImports.status, "staged"), lt(statementImports.createdAt, new Date(now.getTime() - STAGED_IMPORT_LIFETIME_MS))))
    .returning({ id: statementImports.id });
  return dropped.length;
}
