import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db";
import type { ConnectDeps } from "@/lib/banksync/connect/deps";
import type { ManageDeps } from "@/lib/banksync/connections/deps";
import type { RequestDeps } from "@/lib/banksync/sync/requests";
import { consentUrlForBrowser, providerAdapters } from "@/lib/banksync/providers/registry";
import { appClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { startJobs } from "@/lib/jobs";
import { bossSyncQueue } from "@/lib/jobs/sync-queue";

/** What the connect domain needs, as this process provides it: its database, adapters, clock, key and job queue. */
export async function connectDeps(): Promise<ConnectDeps> {
  const [db, boss] = await Promise.all([getDb(), startJobs()]);
  return { db, adapters: providerAdapters(), clock: appClock, appSecret: env().appSecret, queue: bossSyncQueue(boss) };
}

/** What managing connections needs (Online Synchronization): connecting's needs plus the workers' heartbeat. */
export async function manageDeps(): Promise<ManageDeps> {
  return { ...(await connectDeps()), heartbeatMs: env().syncHeartbeatMs };
}

/** What asking for a synchronization needs ("Fetch Transactions"): the database, clock and job queue. */
export async function syncRequestDeps(): Promise<RequestDeps> {
  const [db, boss] = await Promise.all([getDb(), startJobs()]);
  return { db, clock: appClock, queue: bossSyncQueue(boss), heartbeatMs: env().syncHeartbeatMs };
}

/** The origin the user's browser reached us at: APP_URL when set, else the request's (forwarded) host. */
export async function requestOrigin(): Promise<string> {
  const configured = env().appUrl;
  if (configured) return configured;
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost:3000";
  const forwarded = list.get("x-forwarded-proto");
  const proto = forwarded === "https" || forwarded === "http" ? forwarded : "http";
  return `${proto}://${host}`;
}

/** A consent URL the browser can open (a self-served sandbox's pages on our public origin). */
export function browserUrl(url: string, appOrigin: string): string {
  return consentUrlForBrowser(url, process.env, env().mode, appOrigin);
}
