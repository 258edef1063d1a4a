"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { InstitutionSummary } from "@/components/institution-summary";
import { Button } from "@/components/ui/button";
import type { InstitutionResult } from "@/lib/banksync/institutions";
import type { ProviderId, PsuType } from "@/lib/banksync/providers/types";

export type ConnectChoice = { institutionId: string; provider: ProviderId; psuType: PsuType | null };

/** The type an accounting company most likely means, among those the provider offers. */
function defaultPsuType(types: PsuType[]): PsuType | null {
  return types.includes("business") ? "business" : (types[0] ?? null);
}

/**
 * The chosen institution before "Connect": its provider (the default first, a choice when several
 * serve it) and, where that provider tells personal and business accounts apart, the "Type of account".
 */
export function InstitutionConnect({
  institution,
  countryName,
  onBack,
  onConnect,
}: {
  institution: InstitutionResult;
  countryName: string;
  onBack: () => void;
  onConnect: (choice: ConnectChoice) => void;
}) {
  const t = useTranslations("Connect");
  const id = useId();
  const [provider, setProvider] = useState<ProviderId>(institution.providers[0]!.provider);
  const offered = institution.providers.find((p) => p.provider === provider) ?? institution.providers[0]!;
  const [psuType, setPsuType] = useState<PsuType | null>(defaultPsuType(offered.psuTypes));
  const distinguishes = offered.psuTypes.includes("personal") && offered.psuTypes.includes("business");
  const chosenPsuType = psuType && offered.psuTypes.includes(psuType) ? psuType : defaultPsuType(offered.psuTypes);
  const selectClass = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand";

  return (
    <div className="flex flex-col gap-4 text-sm">
      <InstitutionSummary institution={institution} countryName={countryName} />

      {institution.providers.length > 1 ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-provider`} className="font-medium text-slate-700">
            {t("provider")}
          </label>
          <select id={`${id}-provider`} value={provider} onChange={(e) => setProvider(e.target.value as ProviderId)} className={selectClass}>
            {institution.providers.map((p, index) => (
              <option key={p.provider} value={p.provider}>
                {index === 0 ? t("defaultProvider", { provider: p.name }) : p.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p>
          {t.rich("providerIs", {
            provider: offered.name,
            label: (chunks) => <span className="font-medium text-slate-700">{chunks}</span>,
          })}
        </p>
      )}

      {distinguishes ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-psu`} className="font-medium text-slate-700">
            {t("typeOfAccount")}
          </label>
          <select id={`${id}-psu`} value={chosenPsuType ?? ""} onChange={(e) => setPsuType(e.target.value as PsuType)} className={selectClass}>
            {offered.psuTypes.map((type) => (
              <option key={type} value={type}>
                {t(`psuTypes.${type}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      <p className="text-slate-600">
        {t("history", { days: offered.historyDays })}
        {offered.autoFetch ? "" : ` ${t("manualFetchOnly")}`}
      </p>

      <div className="flex justify-between">
        <Button variant="secondary" onClick={onBack}>
          {t("back")}
        </Button>
        <Button onClick={() => onConnect({ institutionId: institution.id, provider: offered.provider, psuType: chosenPsuType })}>
          {t("connect")}
        </Button>
      </div>
    </div>
  );
}
