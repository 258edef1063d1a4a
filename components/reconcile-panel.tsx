"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition, type FormEvent } from "react";
import { reconcileLinesAction, revertReconciliationAction } from "@/app/(app)/journals/[id]/reconciliation/reconcile-actions";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";

export type LedgerAccountOption = { id: string; code: string; name: string };

const FIELDS = ["accountId", "partner", "label"];

/**
 * The form that reconciles the selected lines to one account, with a partner and a label; `onDone`
 * after success (the view clears its selection; the action has revalidated the page). With nothing
 * selected it shows only the outcome of the last reconciliation, so the view may keep it mounted.
 */
export function ReconcilePanel({
  journalId,
  lineIds,
  accounts,
  onDone,
}: {
  journalId: string;
  lineIds: string[];
  accounts: LedgerAccountOption[];
  onDone: () => void;
}) {
  const t = useTranslations("Reconcile");
  const [saving, startSaving] = useTransition();
  const [accountId, setAccountId] = useState("");
  const [partner, setPartner] = useState("");
  const [label, setLabel] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  // The outcome belongs to the selection it was for: selecting other lines starts afresh.
  const [done, setDone] = useState<{ count: number; selection: string } | null>(null);
  const selection = lineIds.join(",");
  const showDone = done !== null && (lineIds.length === 0 || done.selection === selection);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setFieldErrors({});
    setMessage(null);
    setDone(null);
    startSaving(async () => {
      const answer = await reconcileLinesAction({ journalId, lineIds, accountId, partner, label });
      if (!answer.ok) {
        const shown = Object.fromEntries(Object.entries(answer.fieldErrors ?? {}).filter(([field]) => FIELDS.includes(field)));
        setFieldErrors(shown);
        // What no field shows (the selection, the lock date, a refusal) goes under the form.
        const elsewhere = Object.entries(answer.fieldErrors ?? {}).filter(([field]) => !FIELDS.includes(field));
        setMessage(elsewhere.length > 0 ? elsewhere.flatMap(([, errors]) => errors).join(" ") : Object.keys(shown).length > 0 ? null : answer.message);
        return;
      }
      setDone({ count: answer.count, selection });
      setPartner("");
      setLabel("");
      onDone();
    });
  };

  const outcome = showDone ? <FormMessage tone="success" message={t("done", { count: done.count })} /> : null;
  if (lineIds.length === 0) return outcome;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="reconcile-title" className="mb-4 rounded-lg border border-brand/30 bg-white p-4">
      <h2 id="reconcile-title" className="mb-3 font-semibold">
        {t("selected", { count: lineIds.length })}
      </h2>
      <div className="grid gap-3 sm:grid-cols-[16rem_1fr_1fr_auto] sm:items-start">
        <SelectField
          label={t("account")}
          name="accountId"
          value={accountId}
          onChange={(event) => setAccountId(event.target.value)}
          errors={fieldErrors.accountId}
          options={[{ value: "", label: t("chooseAccount") }, ...accounts.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))]}
          required
        />
        <TextField label={t("partner")} name="partner" value={partner} onChange={(event) => setPartner(event.target.value)} errors={fieldErrors.partner} maxLength={200} />
        <TextField
          label={t("label")}
          name="label"
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          errors={fieldErrors.label}
          placeholder={t("keepLabel")}
          maxLength={1000}
        />
        <Button type="submit" aria-busy={saving} className="sm:mt-6">
          {saving ? t("submitting") : t("submit")}
        </Button>
      </div>
      <div className="mt-3 empty:hidden">
        <FormMessage message={message ?? undefined} />
        {outcome}
      </div>
    </form>
  );
}

/** "Revert" on one reconciled line: it goes back to "To reconcile". */
export function RevertReconcileButton({ lineId, label }: { lineId: string; label: string }) {
  const t = useTranslations("Reconcile");
  const router = useRouter();
  const [reverting, startReverting] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const revert = () => {
    if (reverting) return;
    setError(null);
    startReverting(async () => {
      const answer = await revertReconciliationAction(lineId);
      if (!answer.ok) {
        setError(answer.message);
        return;
      }
      router.refresh();
    });
  };
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={revert}
        aria-busy={reverting}
        aria-label={t("revertLine", { label })}
        className="text-xs text-brand hover:underline aria-busy:opacity-60"
      >
        {t("revert")}
      </button>
      {error ? (
        <span role="alert" className="max-w-xs text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
