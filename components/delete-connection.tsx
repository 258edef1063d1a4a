"use client";

import { useRouter } from "next/navigation";
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
        onNotice({ tone: "alert", message: outcome.message, reference: outcome.reference });
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
        Delete
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => (deleting ? undefined : setOpen(next))}
        title="Delete connection"
        description={`The consent is revoked at ${providerName}. The journals and their statement lines stay, but they are no longer synchronized.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={deleting}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={deleting} aria-busy={deleting}>
            Delete
          </Button>
        </div>
      </Dialog>
    </>
  );
}
