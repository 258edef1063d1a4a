"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { addUserAction } from "@/app/(app)/settings/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

/** In the order offered; "accountant" is the default. */
const roles = ["accountant", "viewer", "admin"] as const;

export function AddUserForm() {
  const t = useTranslations("Users");
  const auth = useTranslations("Auth");
  const [state, action, pending] = useActionState(addUserAction, idle);
  const v = state.status === "error" ? (state.values ?? {}) : {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="add-user-title" key={JSON.stringify(state)}>
      <h2 id="add-user-title" className="font-semibold">
        {t("addTitle")}
      </h2>
      <FormMessage message={state.message} tone={state.status === "success" ? "success" : "error"} />
      <TextField label={auth("email")} name="email" type="email" autoComplete="off" defaultValue={v.email} errors={e.email} required />
      <TextField label={auth("password")} name="password" type="password" autoComplete="new-password" errors={e.password} hint={auth("passwordHint")} required />
      <SelectField label={t("role")} name="role" defaultValue={v.role ?? "accountant"} errors={e.role} options={roles.map((role) => ({ value: role, label: t(`roleOptions.${role}`) }))} />
      <Button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
