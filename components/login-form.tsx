"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { logIn } from "@/app/(auth)/login/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

export function LoginForm({ next }: { next?: string }) {
  const t = useTranslations("Login");
  const auth = useTranslations("Auth");
  const [state, action, pending] = useActionState(logIn, idle);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={state.values?.email}>
      <FormMessage message={state.message} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <TextField label={auth("email")} name="email" type="email" autoComplete="username" defaultValue={state.values?.email} errors={e.email} required />
      <TextField label={auth("password")} name="password" type="password" autoComplete="current-password" errors={e.password} required />
      <Button type="submit" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
