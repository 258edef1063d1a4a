"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { AddBankAccountDialog } from "@/components/add-bank-account-dialog";
import { useHydrated } from "@/components/use-hydrated";
import type { CountryOption } from "@/components/institution-search";
import { StatementImportDialog } from "@/components/statement-import-dialog";

/**
 * The vertical-ellipsis menu of a bank journal card: "Connect bank" links a bank to this journal;
 * "Import Statement" reads a bank's statement file into it.
 */
export function JournalCardMenu({
  journalId,
  journalName,
  currency,
  connected,
  companyCountry,
  countries,
  locale,
  canImport = true,
}: {
  journalId: string;
  journalName: string;
  currency: string;
  connected: boolean;
  companyCountry: string;
  countries: CountryOption[];
  locale: string;
  /** The user may write: offers "Import Statement". */
  canImport?: boolean;
}) {
  const t = useTranslations("JournalCard");
  const [dialog, setDialog] = useState<"connect" | "import" | null>(null);
  const onOpenChange = (open: boolean) => {
    if (!open) setDialog(null);
  };
  const hydrated = useHydrated();
  const itemClass = "cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[disabled]:cursor-default data-[disabled]:text-slate-400 data-[highlighted]:bg-indigo-50";
  const triggerClass = "rounded px-2 py-0.5 text-lg leading-none text-slate-500 hover:bg-slate-100";
  const label = t("menu", { journal: journalName });
  const [open, setOpen] = useState(false);
  // The server draws the button alone, the menu comes with hydration: a dashboard draws one menu per
  // journal, and the server spent about 4 ms on 50 menus nobody can open before then. A press that
  // reaches the button as the page hydrates (React replays it there) opens the menu as Radix would.
  if (!hydrated) {
    return (
      <button
        type="button"
        className={triggerClass}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded="false"
        onPointerDown={(event) => {
          if (event.button === 0 && !event.ctrlKey) setOpen(true);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Enter" && event.key !== " " && event.key !== "ArrowDown") return;
          event.preventDefault();
          setOpen(true);
        }}
      >
        ⋮
      </button>
    );
  }
  return (
    <>
      {/* Not modal: the dialog it opens takes the focus over cleanly. */}
      <Menu.Root modal={false} open={open} onOpenChange={setOpen}>
        <Menu.Trigger className={triggerClass} aria-label={label}>
          ⋮
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={4} className="z-40 w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            <Menu.Item className={itemClass} disabled={connected} onSelect={() => setDialog("connect")}>
              {t("connectBank")}
            </Menu.Item>
            {connected ? <p className="px-2 pb-1 text-xs text-slate-500">{t("alreadyLinked")}</p> : null}
            {canImport ? (
              <Menu.Item className={itemClass} onSelect={() => setDialog("import")}>
                {t("importStatement")}
              </Menu.Item>
            ) : null}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {/* Mounted only while open: a dashboard draws one menu per journal, and closing drops a dialog's state anyway. */}
      {dialog === "connect" ? (
        <AddBankAccountDialog open onOpenChange={onOpenChange} companyCountry={companyCountry} countries={countries} locale={locale} journalId={journalId} />
      ) : null}
      {canImport && dialog === "import" ? (
        <StatementImportDialog journalId={journalId} journalName={journalName} currency={currency} locale={locale} open onOpenChange={onOpenChange} />
      ) : null}
    </>
  );
}
