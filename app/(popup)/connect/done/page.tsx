import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConnectDone } from "@/components/connect-done";
import { getDb } from "@/db";
import { getConnectionAttempt } from "@/lib/banksync/connect/attempt";
import { callbackRefusals, type CallbackRefusal } from "@/lib/banksync/connect/complete";
import { NotFoundError } from "@/lib/banksync/errors";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ConnectDone");
  return { title: t("title") };
}

function isRefusal(value: string | undefined): value is CallbackRefusal {
  return (callbackRefusals as readonly (string | undefined)[]).includes(value);
}

/** The end of the consent pop-up: tells the main window (which shows the rest) and closes itself. */
export default async function ConnectDonePage({ searchParams }: { searchParams: Promise<{ attempt?: string; refused?: string }> }) {
  const { attempt: attemptId, refused } = await searchParams;
  const t = await getTranslations("ConnectDone");
  if (refused || !attemptId) {
    const reason: CallbackRefusal = isRefusal(refused) ? refused : "invalid";
    return (
      <>
        <h1 className="mb-2 text-base font-semibold">{t("refused")}</h1>
        <p role="alert">{t(`refusals.${reason}`)}</p>
      </>
    );
  }
  const { actor } = await requireViewer();
  const attempt = await getConnectionAttempt(await getDb(), actor, attemptId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!attempt) return <p role="alert">{t("refusals.invalid")}</p>;
  return <ConnectDone attemptId={attempt.id} failed={attempt.status === "failed"} message={attempt.failure?.message ?? null} />;
}
