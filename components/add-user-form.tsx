"use client";

import { useActionState } from "react";
import { addUserAction } from "@/app/(app)/settings/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { idle } from "@/lib/form-state";

const roles = [
  { value: "accountant", label: "Accountant — reads and changes the books" },
  { value: "viewer", label: "Viewer — reads only" },
  { value: "admin", label: "Admin — also manages users and lock dates" },
];

export function AddUserForm() {
  const [state, action, pending] = useActionState(addUserAction, idle);
  const v = state.status === "error" ? (state.values ?? {}) : {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} noValidate className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="add-user-title" key={JSON.stringify(state)}>
      <h2 id="add-user-title" className="font-semibold">
        Add a user
      </h2>
      <FormMessage message={state.message} tone={state.status === "success" ? "success" : "error"} />
      <TextField label="Email" name="email" type="email" autoComplete="off" defaultValue={v.email} errors={e.email} required />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" errors={e.password} hint="At least 10 characters." required />
      <SelectField label="Role" name="role" defaultValue={v.role ?? "accountant"} errors={e.role} options={roles} />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
