"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect } from "react";
import { addBankAccount } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

export function ManualBankForm({ onBack, onDone }: { onBack: () => void; onDone: () => void }) {
  const t = useTranslations("ManualBank");
  const [state, action, pending] = useActionState(addBankAccount, idle);
  useEffect(() => {
    if (state.status === "success") onDone();
  }, [state, onDone]);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(v)}>
      <FormMessage message={state.message} />
      <TextField label={t("accountNumber")} name="accountNumber" defaultValue={v.accountNumber} errors={e.accountNumber} hint={t("accountNumberHint")} required autoFocus />
      <TextField label={t("bank")} name="bankName" defaultValue={v.bankName} errors={e.bankName} maxLength={200} />
      <TextField label={t("bic")} name="bic" defaultValue={v.bic} errors={e.bic} maxLength={20} />
      <div className="flex justify-between">
        <Button variant="secondary" onClick={onBack}>
          {t("back")}
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? t("connecting") : t("connect")}
        </Button>
      </div>
    </form>
  );
}
