"use client";

import { useActionState } from "react";
import { saveLockDates } from "@/app/(app)/settings/lock-dates/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

export function LockDateForm({ current }: { current: string }) {
  const [state, action, pending] = useActionState(saveLockDates, idle);
  const value = state.values?.lockEverythingDate ?? current;
  return (
    <form action={action} noValidate className="flex max-w-sm flex-col gap-4" key={JSON.stringify(state)}>
      <FormMessage message={state.message} tone={state.status === "success" ? "success" : "error"} />
      <TextField label="Lock Everything" name="lockEverythingDate" type="date" defaultValue={value} errors={state.fieldErrors?.lockEverythingDate} hint="Leave empty to unlock every period." />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
