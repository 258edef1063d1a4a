import { z } from "zod";
import { providerIds } from "@/lib/banksync/providers/types";
import { isIsoDate } from "@/lib/dates";
import { decimalToMinor, isCurrencyCode } from "@/lib/money";
import { issuedSecrets } from "./issued-secrets";
import { loadStats, resetLoad, setLatency } from "./latency";
import { rename, RenameRefused, renameInput } from "./rename";
import { json } from "./respond";
import { providerSandboxes } from "./router";
import { scanDatabase, scanDatabaseInput } from "./scan-database";
import { addBankTransaction, addBulkBankTransactions, advanceClock, armFault, faultModes, postBankTransaction, resetWorld, sandboxToday } from "./store";
import type { SandboxContext } from "./types";
import { accountByName, institutionByName, providerIdFor, type WorldAccount, type WorldInstitution } from "./world";

/** A hook the synchronization engine registers: one tick of the real scheduler, waited for. */
export type ScheduledSyncTick = () => Promise<{ runs: { connection: string; institution: string; status: string; imported: number; error?: string }[] }>;

const tickKey = Symbol.for("banksync.scheduledSyncTick");
const holder = globalThis as typeof globalThis & { [tickKey]?: ScheduledSyncTick };

export function registerScheduledSyncTick(tick: ScheduledSyncTick): void {
  holder[tickKey] = tick;
}

const decimal = z.string().regex(/^[+-]?\d+(\.\d+)?$/, "a decimal string like \"-12.50\"");
const date = z.string().refine(isIsoDate, "a date YYYY-MM-DD");
const named = { institution: z.string().min(1), account: z.string().min(1) };

const schemas = {
  clock: z.object({ advanceHours: z.number().finite() }),
  transactions: z.object({
    ...named,
    date,
    amount: decimal,
    description: z.string().min(1).max(500),
    status: z.enum(["posted", "pending"]),
    currency: z.string().refine(isCurrencyCode, "an ISO 4217 currency").optional(),
  }),
  post: z.object({ ...named, id: z.string().min(1), amount: decimal.optional() }),
  // `after`: calls of that provider let through first, so a fault can hit the middle of a pagination.
  faults: z.object({
    provider: z.enum(providerIds),
    mode: z.enum(faultModes),
    count: z.number().int().min(0).max(10_000),
    after: z.number().int().min(0).max(1_000_000).optional(),
  }),
  removeAtProvider: z.object({ institution: z.string().min(1) }),
  // Benchmarks: a fixed delay before every API call of one provider (or all), and the counts since the last read.
  latency: z.object({ provider: z.enum(providerIds).optional(), ms: z.number().int().min(0).max(60_000) }),
  stats: z.object({ reset: z.boolean().optional() }),
  // Benchmarks only: an account far bigger than any test needs, in one call.
  bulkTransactions: z.object({ ...named, count: z.number().int().min(1).max(1_000_000), days: z.number().int().min(1).optional() }),
};

class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ControlError(result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return result.data;
}

function find(input: { institution: string; account: string }): { institution: WorldInstitution; account: WorldAccount } {
  const institution = institutionByName(input.institution);
  if (!institution) throw new ControlError(`No sandbox institution named "${input.institution}"`, 404);
  const account = accountByName(institution, input.account);
  if (!account) throw new ControlError(`${institution.name} has no account "${input.account}"`, 404);
  return { institution, account };
}

/** The id part after the account: accepts a provider's full id or the bare suffix. */
function suffixOf(id: string, institution: WorldInstitution, account: WorldAccount): string {
  for (const provider of institution.providers) {
    const prefix = `${providerIdFor(provider, account.key)}-`;
    if (id.startsWith(prefix)) return id.slice(prefix.length);
  }
  return id;
}

function fullIds(institution: WorldInstitution, account: WorldAccount, suffix: string) {
  return Object.fromEntries(institution.providers.map((p) => [p, `${providerIdFor(p, account.key)}-${suffix}`]));
}

/** The control API of SANDBOX.md: JSON in, JSON out, sandbox mode only. */
export async function handleControl(request: Request, path: string, ctx: SandboxContext): Promise<Response> {
  if (request.method !== "POST") return json({ error: "use POST" }, 405);
  try {
    const text = await request.text();
    let body: unknown = {};
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ControlError("the body is not JSON");
      }
    }
    switch (path) {
      case "reset":
        resetLoad();
        return json({ ok: true, ...(await resetWorld(ctx.db)) });
      case "latency": {
        const input = parse(schemas.latency, body);
        setLatency(input.ms, input.provider);
        return json({ ok: true });
      }
      case "stats":
        return json({ providers: loadStats(parse(schemas.stats, body).reset ?? false) });
      case "clock": {
        const input = parse(schemas.clock, body);
        const state = await advanceClock(ctx.db, input.advanceHours);
        return json({ ok: true, ...state, now: new Date(Date.now() + state.clockOffsetMs).toISOString() });
      }
      case "transactions": {
        const input = parse(schemas.transactions, body);
        const { institution, account } = find(input);
        decimalToMinor(input.amount, input.currency ?? account.currency);
        const suffix = await addBankTransaction(ctx.db, institution, account, input);
        const ids = fullIds(institution, account, suffix);
        return json({ id: ids[institution.providers[0]!], ids });
      }
      case "post": {
        const input = parse(schemas.post, body);
        const { institution, account } = find(input);
        const posted = await postBankTransaction(ctx.db, institution, account, { suffix: suffixOf(input.id, institution, account), amount: input.amount });
        return json({ ok: true, date: posted.date, amount: posted.amount, ids: fullIds(institution, account, posted.suffix) });
      }
      case "faults": {
        const input = parse(schemas.faults, body);
        if (input.mode === "mutation_during_pagination" && input.provider !== "plaid") {
          throw new ControlError("mutation_during_pagination is a Plaid fault");
        }
        await armFault(ctx.db, input.provider, input.mode, input.count, input.after);
        return json({ ok: true });
      }
      case "remove-at-provider": {
        const input = parse(schemas.removeAtProvider, body);
        const institution = institutionByName(input.institution);
        if (!institution) throw new ControlError(`No sandbox institution named "${input.institution}"`, 404);
        let removed = 0;
        for (const provider of institution.providers) {
          removed += (await providerSandboxes[provider].removeAtProvider?.(ctx, institution)) ?? 0;
        }
        return json({ ok: true, removed });
      }
      case "bulk-transactions": {
        const input = parse(schemas.bulkTransactions, body);
        const { institution, account } = find(input);
        // By default over the whole history the provider serves, so a first synchronization fetches them all.
        const days = input.days ?? Math.min(institution.historyDays, institution.bankDays);
        if (days > institution.bankDays) throw new ControlError(`${institution.name} holds ${institution.bankDays} days of history`);
        const added = await addBulkBankTransactions(ctx.db, institution, account, { count: input.count, days, today: await sandboxToday(ctx.db) });
        return json({ added });
      }
      case "rename": {
        // Names and logos carrying markup, for tests of untrusted provider data (lib/sandbox/rename.ts).
        try {
          return json({ ok: true, ...(await rename(ctx.db, parse(renameInput, body))) });
        } catch (error) {
          if (error instanceof RenameRefused) throw new ControlError(error.message, error.status);
          throw error;
        }
      }
      // Tests of leaked secrets: what the sandbox issued, and where in the database a string appears.
      case "issued-secrets":
        return json({ secrets: await issuedSecrets(ctx.db) });
      case "scan-database":
        return json(await scanDatabase(ctx.db, parse(scanDatabaseInput, body).needles));
      case "run-scheduled-sync": {
        const tick = holder[tickKey];
        if (!tick) throw new ControlError("The scheduler is not running in this process.", 503);
        return json(await tick());
      }
      default:
        return json({ error: `no control call "${path}"` }, 404);
    }
  } catch (error) {
    if (error instanceof ControlError) return json({ error: error.message }, error.status);
    if (error instanceof RangeError || (error instanceof Error && error.message.startsWith("No pending transaction"))) {
      return json({ error: error.message }, 400);
    }
    throw error;
  }
}
