import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/setup-form";
import { countryCodes, countryName } from "@/lib/countries";
import { requestLocale } from "@/lib/locale";
import { isSetUp } from "@/lib/session";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await isSetUp()) redirect("/login");
  const locale = await requestLocale();
  const countries = countryCodes
    .map((code) => ({ value: code, label: countryName(code, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const currencies = Intl.supportedValuesOf("currency").map((code) => ({
    value: code,
    label: `${code} — ${new Intl.DisplayNames([locale], { type: "currency" }).of(code) ?? code}`,
  }));
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create your company</h1>
      <p className="mb-5 text-sm text-slate-600">You will be its first administrator.</p>
      <SetupForm countries={countries} currencies={currencies} />
    </>
  );
}
