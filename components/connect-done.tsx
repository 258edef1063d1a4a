"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { useSay } from "@/components/use-say";
import type { Message } from "@/i18n/message";

/** The message the consent pop-up posts to the window that opened it. */
export type ConnectMessage = { type: "banksync:connect"; attemptId: string };

export function isConnectMessage(data: unknown): data is ConnectMessage {
  return typeof data === "object" && data !== null && (data as ConnectMessage).type === "banksync:connect" && typeof (data as ConnectMessage).attemptId === "string";
}

/** "You can close this window": tells the opener the flow ended, then closes the pop-up. */
export function ConnectDone({ attemptId, failed, message }: { attemptId: string; failed: boolean; message: Message | string | null }) {
  const t = useTranslations("ConnectDone");
  const say = useSay();
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener || opener.closed) return;
    opener.postMessage({ type: "banksync:connect", attemptId } satisfies ConnectMessage, window.location.origin);
    const timer = window.setTimeout(() => window.close(), 600);
    return () => window.clearTimeout(timer);
  }, [attemptId]);
  return (
    <>
      <h1 className="mb-2 text-base font-semibold">{failed ? t("failed") : t("connected")}</h1>
      {message ? <p className="mb-2">{say(message)}</p> : null}
      <p>{t("closeWindow")}</p>
    </>
  );
}
