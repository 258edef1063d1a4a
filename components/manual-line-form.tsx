"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { addLine } from "@/app/(app)/journals/[id]/reconciliation/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

export function ManualLineForm({ journalId, currency }: { journalId: string; currency: string }) {
  const t = useTranslations("ManualLine");
  const [state, action, pending] = useActionState(addLine.bind(null, journalId), idle);
  const v = state.status === "error" ? (state.values ?? {}) : {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="mb-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="add-line-title" key={JSON.stringify(state)}>
      <h2 id="add-line-title" className="mb-3 font-semibold">
        {t("title")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr_1fr_10rem_auto] sm:items-start">
        <TextField label={t("date")} name="date" type="date" defaultValue={v.date} errors={e.date} required />
        <TextField label={t("label")} name="label" defaultValue={v.label} errors={e.label} required maxLength={1000} />
        <TextField label={t("partner")} name="partnerName" defaultValue={v.partnerName} errors={e.partnerName} maxLength={200} />
        <TextField
          label={t("amount", { currency })}
          name="amount"
          inputMode="decimal"
          defaultValue={v.amount}
          errors={e.amount}
          hint={t("amountHint")}
          required
        />
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? t("adding") : t("add")}
        </Button>
      </div>
      <div className="mt-3">
        <FormMessage message={state.status === "success" ? state.message : undefined} tone="success" />
      </div>
    </form>
  );
}
