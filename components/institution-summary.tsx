import { useTranslations } from "next-intl";
import { isImageUrl } from "@/components/web-url";
import type { InstitutionResult } from "@/lib/banksync/institutions";

/** An institution as the dialog shows it: logo, name, country and, for beta institutions, a "Beta" badge. */
export function InstitutionSummary({ institution, countryName }: { institution: InstitutionResult; countryName: string }) {
  const t = useTranslations("Institutions");
  return (
    <span className="flex min-w-0 items-center gap-3">
      {/* A logo is the provider's data: rendered only when it is an image's address. */}
      {institution.logo && isImageUrl(institution.logo) ? (
        // Logos are data URLs or images on each provider's own hosts: next/image would need every host listed.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={institution.logo} alt="" width={32} height={32} className="h-8 w-8 shrink-0 rounded" />
      ) : (
        <span aria-hidden className="flex h-8 w-8 shrink-0 items-center justify-center rounded bg-slate-200 text-xs font-semibold text-slate-600">
          {institution.name.slice(0, 1)}
        </span>
      )}
      <span className="flex min-w-0 flex-col">
        <span className="flex items-center gap-2">
          <span className="truncate font-medium">{institution.name}</span>
          {institution.beta ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{t("beta")}</span> : null}
        </span>
        <span className="text-xs text-slate-500">{countryName}</span>
      </span>
    </span>
  );
}
