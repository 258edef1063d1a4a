"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { deleteLine } from "@/app/(app)/journals/[id]/reconciliation/actions";
import { idle } from "@/lib/form-state";

export function DeleteLineButton({ lineId }: { lineId: string }) {
  const t = useTranslations("StatementLines");
  const [state, action, pending] = useActionState(deleteLine.bind(null, lineId), idle);
  return (
    <form
      action={action}
      className="inline-flex flex-col items-end gap-1"
      onSubmit={(event) => {
        if (!window.confirm(t("delete.confirm"))) event.preventDefault();
      }}
    >
      <button type="submit" disabled={pending} className="text-xs text-red-700 hover:underline disabled:opacity-60">
        {t("delete.button")}
      </button>
      {state.status === "error" ? (
        <span role="alert" className="max-w-xs text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
