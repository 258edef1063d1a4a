import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/login-form";
import { currentUser, isSetUp } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await isSetUp())) redirect("/setup");
  if (await currentUser()) redirect("/");
  const [{ next }, t] = await Promise.all([searchParams, getTranslations("Login")]);
  return (
    <>
      <h1 className="mb-5 text-xl font-semibold">{t("title")}</h1>
      <LoginForm next={typeof next === "string" ? next : undefined} />
    </>
  );
}
