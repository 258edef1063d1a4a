"use client";

import { useEffect } from "react";

/** The message the consent pop-up posts to the window that opened it. */
export type ConnectMessage = { type: "banksync:connect"; attemptId: string };

export function isConnectMessage(data: unknown): data is ConnectMessage {
  return typeof data === "object" && data !== null && (data as ConnectMessage).type === "banksync:connect" && typeof (data as ConnectMessage).attemptId === "string";
}

/** "You can close this window": tells the opener the flow ended, then closes the pop-up. */
export function ConnectDone({ attemptId, failed, message }: { attemptId: string; failed: boolean; message: string | null }) {
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener || opener.closed) return;
    opener.postMessage({ type: "banksync:connect", attemptId } satisfies ConnectMessage, window.location.origin);
    const timer = window.setTimeout(() => window.close(), 600);
    return () => window.clearTimeout(timer);
  }, [attemptId]);
  return (
    <>
      <h1 className="mb-2 text-base font-semibold">{failed ? "The bank connection did not complete" : "Bank connected"}</h1>
      {message ? <p className="mb-2">{message}</p> : null}
      <p>You can close this window.</p>
    </>
  );
}
