"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { connectionAttemptAction, type StartConnectionAnswer } from "@/app/(app)/connect-actions";
import { AccountSelection } from "@/components/account-selection";
import { ConnectFailureNotice, type ShownFailure } from "@/components/connect-failure";
import { isConnectMessage } from "@/components/connect-done";
import { Button } from "@/components/ui/button";
import { isWebPageUrl } from "@/components/web-url";

const POPUP_NAME = "banksync-consent";

/**
 * Opens the consent pop-up at once, in the click that asked for it (later, browsers block it), on a
 * blank page, titled `title` (Connect.popupTitle), until the provider's URL is known. Null when the
 * browser blocked it.
 */
export function openConsentWindow(title: string): Window | null {
  const width = 500;
  const height = 700;
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
  const popup = window.open("", POPUP_NAME, `popup=yes,width=${width},height=${height},left=${Math.round(left)},top=${Math.round(top)}`);
  if (popup) popup.document.title = title;
  return popup;
}

type Phase =
  | { kind: "starting" }
  | { kind: "waiting"; attemptId: string; url: string; blocked: boolean }
  | { kind: "closed"; attemptId: string; url: string }
  | { kind: "failed"; failure: ShownFailure }
  | { kind: "select"; attemptId: string };

/**
 * From "Connect" to the accounts: starts the connection, sends the pop-up to the provider, waits for
 * it (the pop-up's message, its closing, and polling the attempt, whichever comes first), then shows
 * the account selection or what went wrong.
 */
export function BankConnection({
  start,
  popup: initialPopup,
  locale,
  onBack,
  onDone,
}: {
  /** Starts the attempt on the server (a new connection, or a reconnection); called once. */
  start: () => Promise<StartConnectionAnswer>;
  popup: Window | null;
  locale: string;
  onBack: () => void;
  onDone: () => void;
}) {
  const t = useTranslations("Connect");
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const popup = useRef<Window | null>(initialPopup);

  useEffect(() => {
    let live = true;
    void start().then((answer) => {
      if (!live) return;
      if (!answer.ok) {
        popup.current?.close();
        setPhase({ kind: "failed", failure: answer.failure ?? { kind: "provider_error", message: answer.message, code: null, reference: null } });
        return;
      }
      // The provider chose this address: the pop-up (ours until it leaves) and the link below may only go to a web page.
      if (!isWebPageUrl(answer.url)) {
        popup.current?.close();
        setPhase({ kind: "failed", failure: { kind: "provider_error", message: { key: "Connect.notWebPage" }, code: null, reference: null } });
        return;
      }
      if (popup.current?.closed) {
        // The user closed the blank pop-up while the provider was being asked.
        setPhase({ kind: "closed", attemptId: answer.attemptId, url: answer.url });
        return;
      }
      if (popup.current) popup.current.location.href = answer.url;
      setPhase({ kind: "waiting", attemptId: answer.attemptId, url: answer.url, blocked: !popup.current });
    });
    return () => {
      live = false;
    };
  }, [start]);

  const attemptId = phase.kind === "waiting" || phase.kind === "closed" ? phase.attemptId : null;
  const attempt = useQuery({
    queryKey: ["connection-attempt", attemptId],
    queryFn: async () => {
      const answer = await connectionAttemptAction(attemptId);
      if (!answer.ok) throw new Error(answer.message);
      return answer.attempt;
    },
    enabled: attemptId !== null,
    refetchInterval: (query) => (phase.kind === "waiting" && ["pending", "authorizing", undefined].includes(query.state.data?.status) ? 1500 : false),
    staleTime: 0,
    gcTime: 0,
  });
  const { refetch } = attempt;

  // The pop-up says when it is done; its closing without a word means the user gave up there.
  useEffect(() => {
    if (phase.kind !== "waiting") return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin === window.location.origin && isConnectMessage(event.data) && event.data.attemptId === phase.attemptId) void refetch();
    };
    window.addEventListener("message", onMessage);
    const watch = window.setInterval(() => {
      if (phase.blocked || !popup.current?.closed) return;
      void refetch().then(({ data }) => {
        if (!data || data.status === "pending") setPhase({ kind: "closed", attemptId: phase.attemptId, url: phase.url });
      });
    }, 700);
    return () => {
      window.removeEventListener("message", onMessage);
      window.clearInterval(watch);
    };
  }, [phase, refetch]);

  // The attempt's outcome, once the provider sent the pop-up back, decides what this step shows.
  const data = attempt.data;
  const waited = phase.kind === "waiting" || phase.kind === "closed";
  const shown: Phase =
    waited && data?.status === "failed" && data.failure
      ? { kind: "failed", failure: { ...data.failure, existingConnectionId: data.existingConnectionId } }
      : waited && data?.status === "authorized"
        ? { kind: "select", attemptId: data.id }
        : phase;

  const reopen = (url: string, id: string) => {
    const again = window.open(url, POPUP_NAME, "popup=yes,width=500,height=700");
    popup.current = again;
    setPhase({ kind: "waiting", attemptId: id, url, blocked: !again });
  };

  // A renewed connection needs no account selection: it synchronizes by itself.
  useEffect(() => {
    if (waited && data?.status === "completed") onDone();
  }, [waited, data?.status, onDone]);

  if (shown.kind === "select" && data?.status === "authorized") {
    return <AccountSelection attempt={data} locale={locale} onDone={onDone} />;
  }
  return (
    <div className="flex flex-col gap-4 text-sm" aria-live="polite">
      {shown.kind === "starting" ? <p>{t("opening")}</p> : null}
      {shown.kind === "waiting" && shown.blocked ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">
          <p>{t("popupBlocked")}</p>
          <p>
            <a href={shown.url} target="_blank" className="font-medium text-brand underline">
              {t("openBankPage")}
            </a>
          </p>
        </div>
      ) : null}
      {shown.kind === "waiting" && !shown.blocked ? (
        <p>
          {t("continueInPopup")}{" "}
          <Button variant="link" onClick={() => reopen(shown.url, shown.attemptId)}>
            {t("showPopupAgain")}
          </Button>
        </p>
      ) : null}
      {shown.kind === "closed" ? (
        <div role="alert" className="flex flex-col gap-2">
          <p>{t("closedEarly")}</p>
          <p>
            <Button variant="link" onClick={() => reopen(shown.url, shown.attemptId)}>
              {t("openAgain")}
            </Button>
          </p>
        </div>
      ) : null}
      {shown.kind === "failed" ? <ConnectFailureNotice failure={shown.failure} /> : null}
      {attempt.error ? <p role="alert">{attempt.error.message}</p> : null}
      <div className="flex justify-between">
        <Button
          variant="secondary"
          onClick={() => {
            if (phase.kind !== "failed") popup.current?.close();
            onBack();
          }}
        >
          {t("back")}
        </Button>
      </div>
    </div>
  );
}
