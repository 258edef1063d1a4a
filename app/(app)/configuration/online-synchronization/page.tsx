import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/session";

export const metadata: Metadata = { title: "Online Synchronization" };

export default async function OnlineSynchronizationPage() {
  const { user, actor } = await requireViewer();
  if (!user.developerMode || actor.role === "viewer") notFound();
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Online Synchronization</h1>
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
        No bank connections yet. Connect a bank from the Accounting Dashboard to see it here.
      </p>
    </>
  );
}
