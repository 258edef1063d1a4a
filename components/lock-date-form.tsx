"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { saveLockDates } from "@/app/(app)/settings/lock-dates/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

export function LockDateForm({ current }: { current: string }) {
  const t = useTranslations("LockDates");
  const [state, action, pending] = useActionState(saveLockDates, idle);
  const value = state.values?.lockEverythingDate ?? current;
  return (
    <form action={action} noValidate className="flex max-w-sm flex-col gap-4" key={JSON.stringify(state)}>
      <FormMessage message={state.message} tone={state.status === "success" ? "success" : "error"} />
      <TextField label={t("lockEverything")} name="lockEverythingDate" type="date" defaultValue={value} errors={state.fieldErrors?.lockEverythingDate} hint={t("hint")} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}
