import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AddUserForm } from "@/components/add-user-form";
import { getDb } from "@/db";
import { listUsers } from "@/lib/banksync/users";
import { requestLocale } from "@/lib/locale";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Users");
  return { title: t("title") };
}

export default async function UsersPage() {
  const { actor } = await requireViewer();
  if (actor.role !== "admin") notFound();
  const [users, locale, t, auth] = await Promise.all([listUsers(await getDb(), actor), requestLocale(), getTranslations("Users"), getTranslations("Auth")]);
  const since = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">{t("title")}</h1>
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <table className="h-fit w-full rounded-lg border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2">{auth("email")}</th>
              <th scope="col" className="px-3 py-2">{t("role")}</th>
              <th scope="col" className="px-3 py-2">{t("memberSince")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-100">
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">{t(`roles.${u.role}`)}</td>
                <td className="px-3 py-2">{since.format(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AddUserForm />
      </div>
    </>
  );
}
