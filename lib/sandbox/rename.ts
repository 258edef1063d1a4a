import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { sandboxObjects } from "@/db/schema";
import { logger } from "@/lib/logger";
import { accountByName, institutionByName, renamedInWorld, type Renamed } from "./world";

/**
 * Control API `rename`: a sandbox institution, or one of its accounts, shows another name (an
 * institution another logo too) in every provider's listings and consent pages. For tests of
 * untrusted provider data: names carrying markup, logos that are no image. Kept in the database
 * (so a restart keeps it, and `reset` ends it) and mirrored in memory, where the world reads it.
 *
 * `{"institution", "name"?, "logo"?, "account"?, "accountName"?}`, the institution and account
 * named as in SANDBOX.md: a text sets what the providers show, null gives the world's back, an
 * absent field leaves it as it is. When the app runs in this process, its catalog is refreshed
 * before the answer, so the new name is what the app shows.
 */

const shown = z.string().min(1).max(300).nullable().optional();

export const renameInput = z
  .object({ institution: z.string().min(1), name: shown, logo: shown, account: z.string().min(1).optional(), accountName: shown })
  .refine((r) => r.accountName === undefined || r.account !== undefined, { message: "accountName needs account", path: ["account"] });

export type RenameInput = z.infer<typeof renameInput>;

/** The rows live among the sandbox's records under this pseudo-provider. */
const OWNER = "world";
const KIND = "renamed";

/** A rename the sandbox refuses: unknown names, or a bank its providers name by its name. */
export class RenameRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The app's catalog refresh, registered by the job queue in sandbox mode (lib/jobs). */
export type CatalogRefresh = () => Promise<{ inserted: number; updated: number; unchanged: number; delisted: number; failures: { provider: string; message: string }[] }>;

const refreshKey = Symbol.for("banksync.sandboxCatalogRefresh");
const holder = globalThis as typeof globalThis & { [refreshKey]?: CatalogRefresh };

export function registerCatalogRefresh(refresh: CatalogRefresh): void {
  holder[refreshKey] = refresh;
}

type Change = { name?: string | null; logo?: string | null };

/** Applies `change` (a text sets, null clears, undefined keeps) to what `key` shows, in the database and in memory. */
async function save(db: Db, key: string, change: Change): Promise<void> {
  const map = renamedInWorld();
  const next: Renamed = { ...map.get(key) };
  for (const field of ["name", "logo"] as const) {
    const value = change[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  if (Object.keys(next).length === 0) {
    await db.delete(sandboxObjects).where(and(eq(sandboxObjects.provider, OWNER), eq(sandboxObjects.kind, KIND), eq(sandboxObjects.id, key)));
    map.delete(key);
    return;
  }
  await db
    .insert(sandboxObjects)
    .values({ provider: OWNER, kind: KIND, id: key, data: next })
    .onConflictDoUpdate({ target: [sandboxObjects.provider, sandboxObjects.kind, sandboxObjects.id], set: { data: next, updatedAt: new Date() } });
  map.set(key, next);
}

export async function rename(db: Db, input: RenameInput) {
  const institution = institutionByName(input.institution);
  if (!institution) throw new RenameRefused(`No sandbox institution named "${input.institution}"`, 404);
  const account = input.account === undefined ? undefined : accountByName(institution, input.account);
  if (input.account !== undefined && !account) throw new RenameRefused(`${institution.worldName} has no account "${input.account}"`, 404);
  // Salt Edge's provider code and Enable Banking's ASPSP are made of the bank's name: renamed, it would be another bank.
  if (institution.providers.some((p) => p === "saltedge" || p === "enablebanking")) {
    throw new RenameRefused(`${institution.worldName} is served by a provider that names banks by their name; rename a bank only GoCardless or Plaid serve`, 400);
  }
  await save(db, institution.key, { name: input.name, logo: input.logo });
  if (account) await save(db, account.key, { name: input.accountName });
  const refresh = holder[refreshKey];
  const catalog = refresh ? await refresh() : null;
  if (catalog && catalog.failures.length > 0) logger.warn("sandbox rename: the catalog refresh was incomplete", { failures: catalog.failures });
  return {
    institution: { name: institution.name, logo: institution.logo },
    ...(account ? { account: { name: account.name } } : {}),
    catalog,
  };
}

/** At start: the renames the database keeps, back in memory. */
export async function loadRenames(db: Db): Promise<void> {
  const rows = await db
    .select({ id: sandboxObjects.id, data: sandboxObjects.data })
    .from(sandboxObjects)
    .where(and(eq(sandboxObjects.provider, OWNER), eq(sandboxObjects.kind, KIND)));
  const map = renamedInWorld();
  map.clear();
  for (const row of rows) map.set(row.id, row.data as Renamed);
}
