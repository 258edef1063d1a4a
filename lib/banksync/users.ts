import { isLanguage, type Language } from "@/i18n/config";
import { message } from "@/i18n/message";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/password";
import { assertAdmin, type Actor, type Role } from "./actor";
import { ValidationError } from "./errors";
import type { NewUserInput } from "./inputs";

/** Adds a user to the actor's company (admins only). An existing user of another company gets a membership. */
export async function addUser(db: Db, actor: Actor, input: NewUserInput): Promise<{ userId: string }> {
  assertAdmin(actor);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) {
      const [member] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.userId, existing.id), eq(memberships.companyId, actor.companyId)));
      if (member) throw new ValidationError({ email: [message("Users.alreadyMember")] });
      throw new ValidationError({ email: [message("Users.otherCompany")] });
    }
    const [user] = await tx.insert(users).values({ email: input.email, passwordHash }).returning({ id: users.id });
    await tx.insert(memberships).values({ userId: user!.id, companyId: actor.companyId, role: input.role });
    return { userId: user!.id };
  });
}

export type CompanyUser = { id: string; email: string; role: Role; createdAt: Date };

export async function listUsers(db: Db, actor: Actor): Promise<CompanyUser[]> {
  return db
    .select({ id: users.id, email: users.email, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.companyId, actor.companyId))
    .orderBy(asc(users.email));
}

/** The user whose email and password match, or null; the same work is done for unknown emails. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<{ id: string; email: string } | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  // A fixed hash keeps unknown emails from answering faster than wrong passwords.
  const ok = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  return user && ok ? { id: user.id, email: user.email } : null;
}

const UNKNOWN_USER_HASH =
  "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export type SessionUser = {
  id: string;
  email: string;
  developerMode: boolean;
  /** The interface language chosen in the user menu; null follows the browser. */
  language: Language | null;
  memberships: { companyId: string; role: Role }[];
};

export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const rows = await db
    .select({ companyId: memberships.companyId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
  return { id: user.id, email: user.email, developerMode: user.developerMode, language: isLanguage(user.language) ? user.language : null, memberships: rows };
}

/** The user menu's "Language": a language of the interface, or null to follow the browser's. */
export async function setLanguage(db: Db, userId: string, language: Language | null): Promise<void> {
  await db.update(users).set({ language }).where(eq(users.id, userId));
}

export async function setDeveloperMode(db: Db, userId: string, enabled: boolean): Promise<void> {
  await db.update(users).set({ developerMode: enabled }).where(eq(users.id, userId));
}
