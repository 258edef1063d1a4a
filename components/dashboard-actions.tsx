"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { AddBankAccountDialog } from "@/components/add-bank-account-dialog";
import type { CountryOption } from "@/components/institution-search";
import { Button } from "@/components/ui/button";

/** The dashboard's "New" menu and the "Search over 26,000 banks" link; both open "Add a Bank Account". */
export function DashboardActions({ companyCountry, countries, locale }: { companyCountry: string; countries: CountryOption[]; locale: string }) {
  const t = useTranslations("Dashboard");
  const [open, setOpen] = useState(false);
  return (
    <div className="flex items-center gap-4">
      <Button variant="link" className="text-sm" onClick={() => setOpen(true)}>
        {t("searchBanks")}
      </Button>
      <Menu.Root>
        <Menu.Trigger className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark">{t("new")}</Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="end" sideOffset={6} className="z-40 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
            <Menu.Item
              className="flex cursor-pointer flex-col rounded-md border border-slate-200 p-3 outline-none data-[highlighted]:border-brand data-[highlighted]:bg-indigo-50"
              onSelect={() => setOpen(true)}
            >
              <span className="font-medium">{t("bank")}</span>
              <span className="text-xs text-slate-500">{t("bankDescription")}</span>
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <AddBankAccountDialog open={open} onOpenChange={setOpen} companyCountry={companyCountry} countries={countries} locale={locale} />
    </div>
  );
}
