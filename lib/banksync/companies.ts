import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { companies, memberships, users } from "@/db/schema";
import { message } from "@/i18n/message";
import { hashPassword } from "@/lib/password";
import { assertAdmin, type Actor } from "./actor";
import { NotFoundError, ValidationError } from "./errors";
import type { SetupInput } from "./inputs";

export async function hasAnyUser(db: Db): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(users).limit(1);
  return rows.length > 0;
}

/**
 * First start: the company and its first admin, in one transaction. Refused once any user exists,
 * so /setup cannot be replayed to take over an installation.
 */
export async function createCompanyWithAdmin(db: Db, input: SetupInput): Promise<{ companyId: string; userId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Serializes concurrent set-ups on PostgreSQL; harmless on PGlite.
    await tx.execute(sql`lock table users in share row exclusive mode`);
    const existing = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing.length > 0) throw new ValidationError({ email: [message("Setup.alreadySetUp")] });
    const [company] = await tx
      .insert(companies)
      .values({ name: input.companyName, country: input.country, currency: input.currency })
      .returning({ id: companies.id });
    const [user] = await tx.insert(users).values({ email: input.email, passwordHash }).returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user!.id, companyId: company!.id, role: "admin" });
    return { companyId: company!.id, userId: user!.id };
  });
}

export type Company = typeof companies.$inferSelect;

export async function getCompany(db: Db, actor: Actor): Promise<Company> {
  const [company] = await db.select().from(companies).where(eq(companies.id, actor.companyId));
  if (!company) throw new NotFoundError("Company");
  return company;
}

/** Sets or clears the "Lock Everything" date. Admins only: it guards the books of every user. */
export async function setLockEverythingDate(db: Db, actor: Actor, date: string | null): Promise<void> {
  assertAdmin(actor);
  await db.update(companies).set({ lockEverythingDate: date }).where(eq(companies.id, actor.companyId));
}
