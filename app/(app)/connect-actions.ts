"use server";

import { revalidatePath } from "next/cache";
import { getConnectionAttempt, type ConnectionAttemptView } from "@/lib/banksync/connect/attempt";
import type { ConnectFailure } from "@/lib/banksync/connect/failure";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { startReconnection } from "@/lib/banksync/connect/reconnect";
import { startConnection, type StartedConnection } from "@/lib/banksync/connect/start";
import { startConnectionInput, synchronizeAccountsInput } from "@/lib/banksync/inputs";
import { browserUrl, connectDeps, requestOrigin } from "@/lib/connect-deps";
import { serverTranslator } from "@/i18n/translate";
import { refusal, userMessage } from "@/lib/form-errors";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export type StartConnectionAnswer =
  | { ok: true; attemptId: string; url: string }
  | { ok: false; message: string; failure?: Pick<ConnectFailure, "kind" | "message" | "code" | "reference"> };

/** Starts an attempt with what a browser needs: its language, our public origin for the callback. */
async function begin(
  start: (deps: Awaited<ReturnType<typeof connectDeps>>, appOrigin: string, language: string) => Promise<StartedConnection>,
): Promise<StartConnectionAnswer> {
  try {
    const [deps, appOrigin, locale] = await Promise.all([connectDeps(), requestOrigin(), requestLocale()]);
    const started = await start(deps, appOrigin, locale.slice(0, 2).toLowerCase());
    if (!started.ok) {
      const { kind, message, code, reference } = started.failure;
      return { ok: false, message: (await serverTranslator())(message.key, message.values), failure: { kind, message, code, reference } };
    }
    return { ok: true, attemptId: started.attemptId, url: browserUrl(started.url, appOrigin) };
  } catch (error) {
    return { ok: false, message: await knownMessage(error) };
  }
}

/** "Connect": records the attempt and answers the provider's consent URL for the pop-up. */
export async function startConnectionAction(input: unknown): Promise<StartConnectionAnswer> {
  const { actor } = await requireViewer();
  const parsed = startConnectionInput.safeParse(input);
  if (!parsed.success) {
    // The schema's messages are catalog keys (lib/banksync/inputs.ts).
    const t = await serverTranslator();
    const issue = parsed.error.issues[0]?.message;
    return { ok: false, message: issue && t.has(issue) ? t(issue) : t("Connect.chooseBankAndProvider") };
  }
  return begin((deps, appOrigin, language) => startConnection(deps, actor, { ...parsed.data, appOrigin, language }));
}

/** "Reconnect Bank" (and "Fetch Transactions" at a bank that asks a code at every refresh): the provider's pages for the same connection. */
export async function startReconnectionAction(connectionId: unknown): Promise<StartConnectionAnswer> {
  const { actor } = await requireViewer();
  if (typeof connectionId !== "string") return { ok: false, message: (await serverTranslator())("Connect.connectionNotFound") };
  return begin((deps, appOrigin, language) => startReconnection(deps, actor, { connectionId, appOrigin, language }));
}

export type AttemptAnswer = { ok: true; attempt: ConnectionAttemptView } | { ok: false; message: string };

/** Where the user's connection attempt stands (polled while the pop-up is open). */
export async function connectionAttemptAction(attemptId: unknown): Promise<AttemptAnswer> {
  const { actor } = await requireViewer();
  if (typeof attemptId !== "string") return { ok: false, message: (await serverTranslator())("Connect.attemptNotFound") };
  try {
    return { ok: true, attempt: await getConnectionAttempt((await connectDeps()).db, actor, attemptId) };
  } catch (error) {
    return { ok: false, message: await knownMessage(error) };
  }
}

export type SynchronizeAnswer = { ok: true; journalIds: string[] } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** "Synchronize" in "Select accounts to synchronize". */
export async function synchronizeAccountsAction(input: unknown): Promise<SynchronizeAnswer> {
  const { actor } = await requireViewer();
  const parsed = synchronizeAccountsInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: (await serverTranslator())("AccountSelection.errors.invalid") };
  try {
    const result = await synchronizeAccounts(await connectDeps(), actor, parsed.data.attemptId, parsed.data.choices);
    revalidatePath("/");
    return { ok: true, journalIds: result.journalIds };
  } catch (error) {
    return await refusal(error);
  }
}

/** What the user is told of an error they can act on, in their language; anything else is rethrown (Next shows its digest). */
async function knownMessage(error: unknown): Promise<string> {
  const text = await userMessage(error);
  if (text === null) throw error;
  return text;
}
