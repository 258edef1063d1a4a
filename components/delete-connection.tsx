"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteConnectionAction } from "@/app/(app)/configuration/online-synchronization/actions";
import type { ConnectionNoticeValue } from "@/components/connection-notice";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Spelled out: the list's query module reads the domain's constants, which a client bundle must not carry. */
const LIST_PATH = "/configuration/online-synchronization";

/**
 * "Delete" and its confirmation. Gone: back to the list. Kept by the provider, refused or failed:
 * the dialog closes and `onNotice` tells what happened and what to do.
 */
export function DeleteConnection({
  connectionId,
  providerName,
  onNotice,
}: {
  connectionId: string;
  providerName: string;
  onNotice: (notice: ConnectionNoticeValue | null) => void;
}) {
  const router = useRouter();
  const t = useTranslations("Connection");
  const [open, setOpen] = useState(false);
  const [deleting, startDeleting] = useTransition();
  const confirm = () =>
    startDeleting(async () => {
      const answer = await deleteConnectionAction(connectionId);
      if (!answer.ok) {
        setOpen(false);
        onNotice({ tone: "alert", message: answer.message });
        return;
      }
      const { outcome } = answer;
      if (outcome.status === "deleted") {
        router.push(LIST_PATH);
        router.refresh();
        return;
      }
      setOpen(false);
      if (outcome.status === "kept") {
        onNotice({ tone: "alert", message: outcome.message });
        router.refresh();
      } else {
        onNotice({ tone: "alert", message: outcome.message, providerMessage: outcome.providerMessage, reference: outcome.reference });
      }
    });
  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          onNotice(null);
          setOpen(true);
        }}
      >
        {t("delete")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => (deleting ? undefined : setOpen(next))}
        title={t("deleteTitle")}
        description={t("deleteDescription", { provider: providerName })}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={deleting}>
            {t("cancel")}
          </Button>
          <Button variant="danger" onClick={confirm} disabled={deleting} aria-busy={deleting}>
            {t("delete")}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
