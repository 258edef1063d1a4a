import { z } from "zod";
import { getDb } from "@/db";
import { serverTranslator } from "@/i18n/translate";
import { getJournalLink, journalSyncView } from "@/lib/banksync/journal-links";
import { appClock } from "@/lib/clock";
import { currentUser, isSetUp, requireViewer } from "@/lib/session";

const journalId = z.uuid();

/**
 * A journal card's synchronization status, polled while a run is queued or running: the journal's
 * bank link and its connection's latest run, of the signed-in user's company only. No secret is in it.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const t = await serverTranslator();
  // An API answers 401 rather than redirecting to /login as pages do.
  if (!(await isSetUp())) return Response.json({ error: t("Connection.errors.signInFirst") }, { status: 401 });
  const user = await currentUser();
  if (!user || user.memberships.length === 0) return Response.json({ error: t("Connection.errors.signInFirst") }, { status: 401 });
  const { actor } = await requireViewer();
  const parsed = journalId.safeParse((await params).id);
  if (!parsed.success) return Response.json({ error: t("Connection.errors.journalNotFound") }, { status: 404 });
  const link = await getJournalLink(await getDb(), actor, parsed.data);
  if (!link) return Response.json({ error: t("Connection.errors.journalNotSynchronized") }, { status: 404 });
  return Response.json({ sync: journalSyncView(parsed.data, link, appClock.now()) }, { headers: { "Cache-Control": "private, no-store" } });
}
