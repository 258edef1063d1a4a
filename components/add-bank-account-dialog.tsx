"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { startConnectionAction, type StartConnectionAnswer } from "@/app/(app)/connect-actions";
import { BankConnection, openConsentWindow } from "@/components/bank-connection";
import { InstitutionConnect, type ConnectChoice } from "@/components/institution-connect";
import { InstitutionSearch, type CountryFilter, type CountryOption } from "@/components/institution-search";
import { ManualBankForm } from "@/components/manual-bank-form";
import { Dialog } from "@/components/ui/dialog";
import type { InstitutionResult } from "@/lib/banksync/institutions";

type Step =
  | { kind: "search" }
  | { kind: "chosen"; institution: InstitutionResult }
  | { kind: "connecting"; institution: InstitutionResult; start: () => Promise<StartConnectionAnswer>; popup: Window | null }
  | { kind: "manual" };

/**
 * "Add a Bank Account": search the catalog, choose an institution and its provider, then "Connect"
 * (the consent pop-up, then the account selection); or "Add new bank" for an account that is not
 * synchronized. The search survives going back. Opened from a journal card's "Connect bank", the
 * connection feeds that journal first.
 */
export function AddBankAccountDialog({
  open,
  onOpenChange,
  companyCountry,
  countries,
  locale,
  journalId = null,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The country filter's default. */
  companyCountry: string;
  countries: CountryOption[];
  locale: string;
  /** "Connect bank" on this journal's card. */
  journalId?: string | null;
}) {
  const t = useTranslations("AddBankAccount");
  const tc = useTranslations("Connect");
  const [step, setStep] = useState<Step>({ kind: "search" });
  const [query, setQuery] = useState("");
  const [country, setCountry] = useState<CountryFilter>(companyCountry);
  const change = (next: boolean) => {
    if (!next) {
      setStep({ kind: "search" });
      setQuery("");
      setCountry(companyCountry);
    }
    onOpenChange(next);
  };
  const countryName = (code: string) => countries.find((c) => c.code === code)?.name ?? code;

  return (
    <Dialog open={open} onOpenChange={change} title={t("title")} wide>
      {step.kind === "search" ? (
        <InstitutionSearch
          query={query}
          onQueryChange={setQuery}
          country={country}
          onCountryChange={setCountry}
          countries={countries}
          onChoose={(institution) => setStep({ kind: "chosen", institution })}
          onAddManual={() => setStep({ kind: "manual" })}
        />
      ) : step.kind === "chosen" ? (
        <InstitutionConnect
          // A new institution starts from its own default provider.
          key={step.institution.id}
          institution={step.institution}
          countryName={countryName(step.institution.country)}
          onBack={() => setStep({ kind: "search" })}
          // The pop-up opens in the click itself: opened after the server answers, browsers would block it.
          onConnect={(choice: ConnectChoice) =>
            setStep({ kind: "connecting", institution: step.institution, start: () => startConnectionAction({ ...choice, journalId }), popup: openConsentWindow(tc("popupTitle")) })
          }
        />
      ) : step.kind === "connecting" ? (
        <BankConnection
          start={step.start}
          popup={step.popup}
          locale={locale}
          onBack={() => setStep({ kind: "chosen", institution: step.institution })}
          onDone={() => change(false)}
        />
      ) : (
        <ManualBankForm onBack={() => setStep({ kind: "search" })} onDone={() => change(false)} />
      )}
    </Dialog>
  );
}
