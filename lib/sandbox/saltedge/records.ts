import type { Db } from "@/db/client";
import { bumpCounter, deleteObject, getObject, listObjects, putObject } from "../store";

/**
 * What Salt Edge keeps on its side: customers, connections and consents, stored as sandbox objects
 * so they survive a restart. Field names follow the API so the JSON answers stay close to them.
 */

export type CustomerRecord = { customer_id: string; identifier: string; created_at: string; updated_at: string };

export type AttemptRecord = {
  id: string;
  created_at: string;
  /** The sandbox finishes every attempt at once; a real one may still be running. */
  finished_at: string;
  automatic_fetch: boolean;
  fail_error_class: string | null;
  fail_message: string | null;
};

export type ConnectionRecord = {
  id: string;
  customer_id: string;
  institution_key: string;
  /** World account keys the user shared. */
  account_keys: string[];
  created_at: string;
  updated_at: string;
  last_consent_id: string | null;
  last_attempt: AttemptRecord;
  last_success_at: string | null;
  /** Sandbox Sticky Bank: the client deleted it, Salt Edge kept the record (inactive). */
  deleted_by_client: boolean;
};

export type ConsentRecord = {
  id: string;
  connection_id: string;
  customer_id: string;
  scopes: string[];
  from_date: string | null;
  period_days: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
};

const PROVIDER = "saltedge";

/** Salt Edge ids are long decimal strings; one counter keeps them unique and increasing across kinds. */
export async function newId(db: Db): Promise<string> {
  const n = await bumpCounter(db, "saltedge:id");
  return String(100_000_000_000_000_000n + BigInt(n));
}

function byId(a: { id: string }, b: { id: string }): number {
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export const customers = {
  get: (db: Db, id: string) => getObject<CustomerRecord>(db, PROVIDER, "customer", id),
  save: (db: Db, customer: CustomerRecord) => putObject(db, PROVIDER, "customer", customer.customer_id, customer),
  async list(db: Db): Promise<CustomerRecord[]> {
    const rows = await listObjects<CustomerRecord>(db, PROVIDER, "customer");
    return rows.map((r) => r.data).sort((a, b) => byId({ id: a.customer_id }, { id: b.customer_id }));
  },
};

export const connections = {
  get: (db: Db, id: string) => getObject<ConnectionRecord>(db, PROVIDER, "connection", id),
  save: (db: Db, connection: ConnectionRecord) => putObject(db, PROVIDER, "connection", connection.id, connection),
  remove: (db: Db, id: string) => deleteObject(db, PROVIDER, "connection", id),
  async list(db: Db): Promise<ConnectionRecord[]> {
    const rows = await listObjects<ConnectionRecord>(db, PROVIDER, "connection");
    return rows.map((r) => r.data).sort(byId);
  },
};

export const consents = {
  get: (db: Db, id: string) => getObject<ConsentRecord>(db, PROVIDER, "consent", id),
  save: (db: Db, consent: ConsentRecord) => putObject(db, PROVIDER, "consent", consent.id, consent),
  remove: (db: Db, id: string) => deleteObject(db, PROVIDER, "consent", id),
  async ofConnection(db: Db, connectionId: string): Promise<ConsentRecord[]> {
    const rows = await listObjects<ConsentRecord>(db, PROVIDER, "consent");
    return rows.map((r) => r.data).filter((c) => c.connection_id === connectionId).sort(byId);
  },
};

/** Removes a connection with its consents (what Salt Edge does when a connection is really deleted). */
export async function removeConnection(db: Db, connection: ConnectionRecord): Promise<void> {
  for (const consent of await consents.ofConnection(db, connection.id)) await consents.remove(db, consent.id);
  await connections.remove(db, connection.id);
}

export type ConsentState = "active" | "expired" | "revoked" | "missing";

export function consentState(consent: ConsentRecord | null, now: Date): ConsentState {
  if (!consent) return "missing";
  if (consent.revoked_at) return "revoked";
  return Date.parse(consent.expires_at) <= now.getTime() ? "expired" : "active";
}
