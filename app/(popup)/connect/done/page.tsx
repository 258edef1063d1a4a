import type { Metadata } from "next";
import { ConnectDone } from "@/components/connect-done";
import { getDb } from "@/db";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { refusalMessages, type CallbackRefusal } from "@/lib/banksync/connect/complete";
import { NotFoundError } from "@/lib/banksync/errors";
import { requireViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Bank connection" };

/** The end of the consent pop-up: tells the main window (which shows the rest) and closes itself. */
export default async function ConnectDonePage({ searchParams }: { searchParams: Promise<{ attempt?: string; refused?: string }> }) {
  const { attempt: attemptId, refused } = await searchParams;
  if (refused || !attemptId) {
    const reason = (refused && refused in refusalMessages ? refused : "invalid") as CallbackRefusal;
    return (
      <>
        <h1 className="mb-2 text-base font-semibold">The connection was refused</h1>
        <p role="alert">{refusalMessages[reason]}</p>
      </>
    );
  }
  const { actor } = await requireViewer();
  const attempt = await getConnectionAttempt(await getDb(), actor, attemptId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!attempt) return <p role="alert">{refusalMessages.invalid}</p>;
  return <ConnectDone attemptId={attempt.id} failed={attempt.status === "failed"} message={attempt.failure?.message ?? null} />;
}
