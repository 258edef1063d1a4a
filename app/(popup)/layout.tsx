import type { ReactNode } from "react";

/** Pages shown in the consent pop-up: small, no navigation. */
export default function PopupLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-8">
      <p className="mb-4 text-center text-xl font-semibold text-brand">Banksync</p>
      <div className="rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm">{children}</div>
    </main>
  );
}
