"use client";

import { useActionState } from "react";
import { createAccount } from "@/app/(auth)/setup/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

type Option = { value: string; label: string };

export function SetupForm({ countries, currencies }: { countries: Option[]; currencies: Option[] }) {
  const [state, action, pending] = useActionState(createAccount, idle);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(v)}>
      <FormMessage message={state.message} />
      <TextField label="Company name" name="companyName" defaultValue={v.companyName} errors={e.companyName} required maxLength={200} />
      <SelectField label="Country" name="country" defaultValue={v.country ?? "BE"} errors={e.country} options={countries} />
      <SelectField label="Currency" name="currency" defaultValue={v.currency ?? "EUR"} errors={e.currency} options={currencies} />
      <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} errors={e.email} required />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        errors={e.password}
        hint="At least 10 characters."
        required
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </Button>
    </form>
  );
}
