"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { message, type MessageKey } from "@/i18n/message";
import { translate } from "@/i18n/translate";
import { defaultDuplicateSince, deleteDuplicateLines, dismissDuplicateGroup, findDuplicateGroups, type DuplicateLine } from "@/lib/banksync/duplicates/review";
import { appClock } from "@/lib/clock";
import { isIsoDate, isoDate } from "@/lib/dates";
import { userMessage } from "@/lib/form-errors";
import { requireViewer } from "@/lib/session";

type Failure = { ok: false; message: string };

/** A line as the review shows it: amounts travel as minor-unit strings, since bigint does not serialize. */
export type ReviewLine = Omit<DuplicateLine, "amountMinor"> & { amountMinor: string };
export type ReviewGroup = { date: string; amountMinor: string; currency: string; lines: ReviewLine[] };

const journalInput = z.uuid();
const searchInput = z.object({ journalId: z.uuid(), since: z.string().refine(isIsoDate, "Duplicates.errors.enterStartDate") });
const linesInput = z.object({ journalId: z.uuid(), lineIds: z.array(z.uuid()).max(1_000) });

/** The refusal of an error the user can act on, in the reader's language; anything else is rethrown (Next shows its digest). */
async function refused(error: unknown): Promise<Failure> {
  const text = await userMessage(error);
  if (text === null) throw error;
  return { ok: false, message: text };
}

async function refusedWith(key: MessageKey): Promise<Failure> {
  return { ok: false, message: await translate(message(key)) };
}

function refresh(journalId: string) {
  revalidatePath(`/journals/${journalId}/reconciliation`);
  revalidatePath("/");
}

/** The same day a month earlier, on the app's clock (the 31st becomes the month's last day). */
function oneMonthAgo(): string {
  const now = appClock.now();
  const day = now.getUTCDate();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  month.setUTCDate(Math.min(day, lastDay));
  return isoDate(month);
}

/**
 * The review's start date: the oldest date of the journal's latest import, or one month ago when
 * nothing was imported yet (`fromLatestImport` tells which).
 */
export async function duplicateDefaultsAction(journalId: unknown): Promise<{ ok: true; since: string; fromLatestImport: boolean } | Failure> {
  const { actor } = await requireViewer();
  const parsed = journalInput.safeParse(journalId);
  if (!parsed.success) return refusedWith("Duplicates.errors.journalNotFound");
  try {
    const since = await defaultDuplicateSince(await getDb(), actor, parsed.data);
    return since ? { ok: true, since, fromLatestImport: true } : { ok: true, since: oneMonthAgo(), fromLatestImport: false };
  } catch (error) {
    return await refused(error);
  }
}

/** "Search": the groups of look-alike lines since the start date. */
export async function findDuplicatesAction(input: unknown): Promise<{ ok: true; groups: ReviewGroup[] } | Failure> {
  const { actor } = await requireViewer();
  const parsed = searchInput.safeParse(input);
  if (!parsed.success) {
    return refusedWith(z.flattenError(parsed.error).fieldErrors.since ? "Duplicates.errors.enterStartDate" : "Duplicates.errors.journalNotFound");
  }
  try {
    const groups = await findDuplicateGroups(await getDb(), actor, parsed.data.journalId, parsed.data.since);
    return {
      ok: true,
      groups: groups.map((group) => ({
        ...group,
        amountMinor: group.amountMinor.toString(),
        lines: group.lines.map((line) => ({ ...line, amountMinor: line.amountMinor.toString() })),
      })),
    };
  } catch (error) {
    return await refused(error);
  }
}

/** "Delete Selected", after its confirmation. */
export async function deleteDuplicatesAction(input: unknown): Promise<{ ok: true; deleted: number } | Failure> {
  const { actor } = await requireViewer();
  const parsed = linesInput.safeParse(input);
  if (!parsed.success) return refusedWith("StatementLines.errors.lineNotFound");
  try {
    const { deleted } = await deleteDuplicateLines(await getDb(), actor, parsed.data.journalId, parsed.data.lineIds);
    refresh(parsed.data.journalId);
    return { ok: true, deleted };
  } catch (error) {
    return await refused(error);
  }
}

/** "Not a duplicate" on one group. */
export async function dismissDuplicatesAction(input: unknown): Promise<{ ok: true; dismissed: number } | Failure> {
  const { actor } = await requireViewer();
  const parsed = linesInput.safeParse(input);
  if (!parsed.success) return refusedWith("StatementLines.errors.lineNotFound");
  try {
    const { dismissed } = await dismissDuplicateGroup(await getDb(), actor, parsed.data.journalId, parsed.data.lineIds);
    refresh(parsed.data.journalId);
    return { ok: true, dismissed };
  } catch (error) {
    return await refused(error);
  }
}
