import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Layout");
  return { title: { default: "Banksync", template: "%s · Banksync" }, description: t("description") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The client components get the request's locale and catalog from the provider (next-intl passes them on).
  return (
    <html lang={await getLocale()}>
      <body className="min-h-screen">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
