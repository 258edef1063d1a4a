import type { Db } from "@/db/client";
import { getObject, putObject } from "../store";

/**
 * What the emulated GoCardless keeps on its side, stored as sandbox objects so it survives a
 * restart. Shapes follow the real API's JSON, so GET answers are the record as stored.
 */

export type TokenRecord = { expiresAt: string };

export type AgreementRecord = {
  id: string;
  created: string;
  institution_id: string;
  max_historical_days: number;
  access_valid_for_days: number;
  access_scope: string[];
  accepted: string | null;
  reconfirmation: boolean;
};

export type RequisitionStatus = "CR" | "GC" | "UA" | "RJ" | "SA" | "GA" | "LN" | "EX" | "SU";

export type RequisitionRecord = {
  id: string;
  created: string;
  redirect: string;
  status: RequisitionStatus;
  institution_id: string;
  agreement: string;
  reference: string;
  accounts: string[];
  user_language: string;
  link: string;
  ssn: null;
  account_selection: boolean;
  redirect_immediate: boolean;
};

/** Which world account an account id is, and which requisitions granted it (newest last). */
export type AccountRecord = { institutionKey: string; accountKey: string; requisitionIds: string[] };

export const kinds = {
  access: "access_token",
  refresh: "refresh_token",
  agreement: "agreement",
  requisition: "requisition",
  /** reference → requisition id: references are unique among live requisitions. */
  reference: "requisition_reference",
  account: "account",
} as const;

export function getRecord<T>(db: Db, kind: (typeof kinds)[keyof typeof kinds], id: string): Promise<T | null> {
  return getObject<T>(db, "gocardless", kind, id);
}

export function putRecord<T extends object>(db: Db, kind: (typeof kinds)[keyof typeof kinds], id: string, data: T): Promise<void> {
  return putObject(db, "gocardless", kind, id, data);
}

/** An agreement runs `access_valid_for_days` from its acceptance, by the sandbox clock. */
export function agreementExpiresAt(agreement: AgreementRecord): Date | null {
  if (!agreement.accepted) return null;
  return new Date(Date.parse(agreement.accepted) + agreement.access_valid_for_days * 86_400_000);
}

export function agreementExpired(agreement: AgreementRecord, now: Date): boolean {
  const expiresAt = agreementExpiresAt(agreement);
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}
