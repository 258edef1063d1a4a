import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { Actor } from "@/lib/banksync/actor";
import { hasAnyUser } from "@/lib/banksync/companies";
import { loadSessionUser, type SessionUser } from "@/lib/banksync/users";
import { auth } from "@/lib/auth";

export const COMPANY_COOKIE = "banksync-company";

const setupDone = Symbol.for("banksync.setupDone");
const flags = globalThis as typeof globalThis & { [setupDone]?: boolean };

/** True once any user exists; remembered, since users are never all removed. */
export async function isSetUp(): Promise<boolean> {
  // Every page behind this reads the database per request: never prerender it at build time.
  await connection();
  if (flags[setupDone]) return true;
  const done = await hasAnyUser(await getDb());
  if (done) flags[setupDone] = true;
  return done;
}

/** The signed-in user, read fresh from the database for each request (roles may have changed). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return loadSessionUser(await getDb(), id);
});

export type Viewer = { user: SessionUser; actor: Actor };

/**
 * The user and the company they act in, for pages, actions and route handlers alike. Sends to
 * /setup before the first account exists and to /login without a session.
 */
export const requireViewer = cache(async (): Promise<Viewer> => {
  if (!(await isSetUp())) redirect("/setup");
  const user = await currentUser();
  if (!user || user.memberships.length === 0) redirect("/login");
  const chosen = (await cookies()).get(COMPANY_COOKIE)?.value;
  const membership = user.memberships.find((m) => m.companyId === chosen) ?? user.memberships[0]!;
  return { user, actor: { userId: user.id, companyId: membership.companyId, role: membership.role } };
});
