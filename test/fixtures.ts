import { companies, memberships, users } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Actor, Role } from "@/lib/banksync/actor";

/** A company with one user of each role. Password hashes are placeholders: these users never sign in. */
export async function companyWithUsers(db: Db, name: string, currency = "EUR"): Promise<Record<Role, Actor> & { companyId: string }> {
  const [company] = await db.insert(companies).values({ name, country: "BE", currency }).returning({ id: companies.id });
  const actors = {} as Record<Role, Actor>;
  for (const role of ["admin", "accountant", "viewer"] as const) {
    const [user] = await db
      .insert(users)
      .values({ email: `${role}@${name.toLowerCase().replace(/\W/g, "")}.test`, passwordHash: "scrypt$placeholder" })
      .returning({ id: users.id });
    await db.insert(memberships).values({ userId: user!.id, companyId: company!.id, role });
    actors[role] = { userId: user!.id, companyId: company!.id, role };
  }
  return { ...actors, companyId: company!.id };
}
