"use client";

import { useState } from "react";
import { InstitutionConnect, type ConnectChoice } from "@/components/institution-connect";
import { InstitutionSearch, type CountryFilter, type CountryOption } from "@/components/institution-search";
import { ManualBankForm } from "@/components/manual-bank-form";
import { Dialog } from "@/components/ui/dialog";
import type { InstitutionResult } from "@/lib/banksync/institutions";

type Step = { kind: "search" } | { kind: "chosen"; institution: InstitutionResult } | { kind: "manual" };

/**
 * "Add a Bank Account": search the catalog, choose an institution and its provider, then "Connect";
 * or "Add new bank" for an account that is not synchronized. The search survives going back.
 */
export function AddBankAccountDialog({
  open,
  onOpenChange,
  companyCountry,
  countries,
  onConnect,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The country filter's default. */
  companyCountry: string;
  countries: CountryOption[];
  onConnect?: (choice: ConnectChoice) => void;
}) {
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
    <Dialog open={open} onOpenChange={change} title="Add a Bank Account" wide>
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
          onConnect={onConnect}
        />
      ) : (
        <ManualBankForm onBack={() => setStep({ kind: "search" })} onDone={() => change(false)} />
      )}
    </Dialog>
  );
}
