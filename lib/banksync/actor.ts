import { message } from "@/i18n/message";
import { ForbiddenError } from "./errors";

export type Role = "admin" | "accountant" | "viewer";

/** Who is acting, and in which company: every domain function takes one and is scoped by it. */
export type Actor = { userId: string; companyId: string; role: Role };

export function canWrite(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "accountant";
}

export function assertCanWrite(actor: Actor): void {
  if (!canWrite(actor)) throw new ForbiddenError("Viewers can read but not change anything.", message("Errors.viewerReadOnly"));
}

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new ForbiddenError("Only administrators can do this.", message("Errors.adminOnly"));
}
