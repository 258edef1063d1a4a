"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { DuplicateReviewDialog } from "@/components/duplicate-review-dialog";
import { FindMissingDialog } from "@/components/find-missing-dialog";
import { StatementImportDialog } from "@/components/statement-import-dialog";

/**
 * The journal view's gear menu. "Find Missing Transactions" asks the bank, so without a working
 * connection the item stays in the menu, disabled, with the reason written under it. "Import Statement"
 * reads a bank's statement file into the journal, for users who may write.
 */
export function ReconciliationMenu({
  journalId,
  currency,
  locale,
  missingUnavailable,
  journalName,
  canImport = true,
}: {
  journalId: string;
  currency: string;
  locale: string;
  /** Why Find Missing Transactions cannot run now; null when it can. */
  missingUnavailable: string | null;
  /** Named in the import dialog. */
  journalName: string;
  /** The user may write: offers "Import Statement". */
  canImport?: boolean;
}) {
  const t = useTranslations("Journal");
  const [dialog, setDialog] = useState<"missing" | "duplicates" | "import" | null>(null);
  const reasonId = useId();
  const itemClass =
    "cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[disabled]:cursor-default data-[disabled]:text-slate-400 data-[highlighted]:bg-indigo-50";
  const onOpenChange = (open: boolean) => {
    if (!open) setDialog(null);
  };
  return (
    <>
      {/* Not modal: the dialog it opens takes the focus over cleanly. */}
      <Menu.Root modal={false}>
        <Menu.Trigger className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-lg leading-none text-slate-600 hover:bg-slate-100" aria-label={t("menu.trigger")}>
          <span aria-hidden="true">⚙</span>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={4} className="z-40 w-72 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <Menu.Item
              className={itemClass}
              disabled={missingUnavailable !== null}
              aria-describedby={missingUnavailable ? reasonId : undefined}
              onSelect={() => setDialog("missing")}
            >
              {t("menu.findMissing")}
            </Menu.Item>
            {missingUnavailable ? (
              <p id={reasonId} className="px-2 pb-1.5 text-xs text-slate-500">
                {missingUnavailable}
              </p>
            ) : null}
            <Menu.Item className={itemClass} onSelect={() => setDialog("duplicates")}>
              {t("menu.findDuplicates")}
            </Menu.Item>
            {canImport ? (
              <Menu.Item className={itemClass} onSelect={() => setDialog("import")}>
                {t("menu.importStatement")}
              </Menu.Item>
            ) : null}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <FindMissingDialog journalId={journalId} currency={currency} locale={locale} open={dialog === "missing"} onOpenChange={onOpenChange} />
      <DuplicateReviewDialog journalId={journalId} locale={locale} open={dialog === "duplicates"} onOpenChange={onOpenChange} />
      {canImport ? (
        <StatementImportDialog
          journalId={journalId}
          journalName={journalName}
          currency={currency}
          locale={locale}
          open={dialog === "import"}
          onOpenChange={onOpenChange}
        />
      ) : null}
    </>
  );
}
