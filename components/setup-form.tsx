"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { createAccount } from "@/app/(auth)/setup/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

type Option = { value: string; label: string };

export function SetupForm({ countries, currencies }: { countries: Option[]; currencies: Option[] }) {
  const t = useTranslations("Setup");
  const auth = useTranslations("Auth");
  const [state, action, pending] = useActionState(createAccount, idle);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(v)}>
      <FormMessage message={state.message} />
      <TextField label={t("companyName")} name="companyName" defaultValue={v.companyName} errors={e.companyName} required maxLength={200} />
      <SelectField label={t("country")} name="country" defaultValue={v.country ?? "BE"} errors={e.country} options={countries} />
      <SelectField label={t("currency")} name="currency" defaultValue={v.currency ?? "EUR"} errors={e.currency} options={currencies} />
      <TextField label={auth("email")} name="email" type="email" autoComplete="email" defaultValue={v.email} errors={e.email} required />
      <TextField
        label={auth("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        errors={e.password}
        hint={auth("passwordHint")}
        required
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
