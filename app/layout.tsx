import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requestLocale } from "@/lib/locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Banksync", template: "%s · Banksync" },
  description: "Accounting dashboard with bank synchronization",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={await requestLocale()}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
