"use server";

import { revalidatePath } from "next/cache";
import { getConnectionAttempt, type ConnectionAttemptView } from "@/lib/banksync/connect/attempt";
import type { ConnectFailure } from "@/lib/banksync/connect/failure";
import { synchronizeAccounts } from "@/lib/banksync/connect/link";
import { startReconnection } from "@/lib/banksync/connect/reconnect";
import { startConnection, type StartedConnection } from "@/lib/banksync/connect/start";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/banksync/errors";
import { startConnectionInput, synchronizeAccountsInput } from "@/lib/banksync/inputs";
import { browserUrl, connectDeps, requestOrigin } from "@/lib/connect-deps";
import { refusal } from "@/lib/form-errors";
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
      return { ok: false, message, failure: { kind, message, code, reference } };
    }
    return { ok: true, attemptId: started.attemptId, url: browserUrl(started.url, appOrigin) };
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
}

/** "Connect": records the attempt and answers the provider's consent URL for the pop-up. */
export async function startConnectionAction(input: unknown): Promise<StartConnectionAnswer> {
  const { actor } = await requireViewer();
  const parsed = startConnectionInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Choose a bank and a provider." };
  return begin((deps, appOrigin, language) => startConnection(deps, actor, { ...parsed.data, appOrigin, language }));
}

/** "Reconnect Bank" (and "Fetch Transactions" at a bank that asks a code at every refresh): the provider's pages for the same connection. */
export async function startReconnectionAction(connectionId: unknown): Promise<StartConnectionAnswer> {
  const { actor } = await requireViewer();
  if (typeof connectionId !== "string") return { ok: false, message: "Connection not found" };
  return begin((deps, appOrigin, language) => startReconnection(deps, actor, { connectionId, appOrigin, language }));
}

export type AttemptAnswer = { ok: true; attempt: ConnectionAttemptView } | { ok: false; message: string };

/** Where the user's connection attempt stands (polled while the pop-up is open). */
export async function connectionAttemptAction(attemptId: unknown): Promise<AttemptAnswer> {
  const { actor } = await requireViewer();
  if (typeof attemptId !== "string") return { ok: false, message: "Connection attempt not found" };
  try {
    return { ok: true, attempt: await getConnectionAttempt((await connectDeps()).db, actor, attemptId) };
  } catch (error) {
    return { ok: false, message: knownMessage(error) };
  }
}

export type SynchronizeAnswer = { ok: true; journalIds: string[] } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** "Synchronize" in "Select accounts to synchronize". */
export async function synchronizeAccountsAction(input: unknown): Promise<SynchronizeAnswer> {
  const { actor } = await requireViewer();
  const parsed = synchronizeAccountsInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "The account selection is not valid." };
  try {
    const result = await synchronizeAccounts(await connectDeps(), actor, parsed.data.attemptId, parsed.data.choices);
    revalidatePath("/");
    return { ok: true, journalIds: result.journalIds };
  } catch (error) {
    return await refusal(error);
  }
}

/** The message of an error the user can act on; anything else is rethrown (Next shows its digest). */
function knownMessage(error: unknown): string {
  if (error instanceof ValidationError || error instanceof ForbiddenError || error instanceof NotFoundError) return error.message;
  throw error;
}
