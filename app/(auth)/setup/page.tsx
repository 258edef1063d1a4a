import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SetupForm } from "@/components/setup-form";
import { countryCodes, countryName } from "@/lib/countries";
import { requestLocale } from "@/lib/locale";
import { isSetUp } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Setup");
  return { title: t("title") };
}

export default async function SetupPage() {
  if (await isSetUp()) redirect("/login");
  const [locale, t] = await Promise.all([requestLocale(), getTranslations("Setup")]);
  const countries = countryCodes
    .map((code) => ({ value: code, label: countryName(code, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const currencyNames = new Intl.DisplayNames([locale], { type: "currency" });
  const currencies = Intl.supportedValuesOf("currency").map((code) => ({
    value: code,
    label: `${code} — ${currencyNames.of(code) ?? code}`,
  }));
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">{t("heading")}</h1>
      <p className="mb-5 text-sm text-slate-600">{t("intro")}</p>
      <SetupForm countries={countries} currencies={currencies} />
    </>
  );
}
