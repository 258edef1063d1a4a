import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { currentUser, isSetUp } from "@/lib/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await isSetUp())) redirect("/setup");
  if (await currentUser()) redirect("/");
  const { next } = await searchParams;
  return (
    <>
      <h1 className="mb-5 text-xl font-semibold">Sign in</h1>
      <LoginForm next={typeof next === "string" ? next : undefined} />
    </>
  );
}
