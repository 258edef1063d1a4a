"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { startReconnectionAction } from "@/app/(app)/connect-actions";
import { BankConnection, openConsentWindow } from "@/components/bank-connection";
import { Dialog } from "@/components/ui/dialog";

type Flow = { start: () => ReturnType<typeof startReconnectionAction>; popup: Window | null };

/**
 * Opens the bank's consent pages for an existing connection in the pop-up (in the click itself) and
 * follows them in a dialog: "Reconnect Bank", and "Fetch Transactions" at a bank that asks for a code
 * at every refresh. The connection is renewed and synchronized; `onDone` then refreshes the card.
 * "Update Credentials" reuses it with its own `title` and a `note` that tells what to select.
 */
export function ReconnectBank({
  connectionId,
  label,
  className,
  locale,
  onDone,
  title,
  note,
}: {
  connectionId: string;
  label: string;
  className: string;
  locale: string;
  onDone: () => void;
  /** The dialog's title; "Reconnect Bank" when not given. */
  title?: string;
  note?: ReactNode;
}) {
  const t = useTranslations("Connect");
  const [flow, setFlow] = useState<Flow | null>(null);
  const close = () => setFlow(null);
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => setFlow({ start: () => startReconnectionAction(connectionId), popup: openConsentWindow(t("popupTitle")) })}
      >
        {label}
      </button>
      <Dialog open={flow !== null} onOpenChange={(open) => (open ? undefined : close())} title={title ?? t("reconnectBank")}>
        {flow ? (
          <>
            {note ? <div className="mb-4 text-sm text-slate-700">{note}</div> : null}
            <BankConnection
              start={flow.start}
              popup={flow.popup}
              locale={locale}
              onBack={close}
              onDone={() => {
                close();
                onDone();
              }}
            />
          </>
        ) : null}
      </Dialog>
    </>
  );
}
