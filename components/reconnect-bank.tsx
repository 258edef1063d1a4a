"use client";

import { useState } from "react";
import { startReconnectionAction } from "@/app/(app)/connect-actions";
import { BankConnection, openConsentWindow } from "@/components/bank-connection";
import { Dialog } from "@/components/ui/dialog";

type Flow = { start: () => ReturnType<typeof startReconnectionAction>; popup: Window | null };

/**
 * Opens the bank's consent pages for an existing connection in the pop-up (in the click itself) and
 * follows them in a dialog: "Reconnect Bank", and "Fetch Transactions" at a bank that asks for a code
 * at every refresh. The connection is renewed and synchronized; `onDone` then refreshes the card.
 */
export function ReconnectBank({
  connectionId,
  label,
  className,
  locale,
  onDone,
}: {
  connectionId: string;
  label: string;
  className: string;
  locale: string;
  onDone: () => void;
}) {
  const [flow, setFlow] = useState<Flow | null>(null);
  const close = () => setFlow(null);
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => setFlow({ start: () => startReconnectionAction(connectionId), popup: openConsentWindow() })}
      >
        {label}
      </button>
      <Dialog open={flow !== null} onOpenChange={(open) => (open ? undefined : close())} title="Reconnect Bank">
        {flow ? (
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
        ) : null}
      </Dialog>
    </>
  );
}
