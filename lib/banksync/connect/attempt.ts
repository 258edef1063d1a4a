import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bankAccounts, connectionAttempts, connections, institutions, journals, onlineAccounts } from "@/db/schema";
import { parseAccountNumber, sanitizeAccountNumber } from "@/lib/bank-identifiers";
import { assertCanWrite, type Actor } from "../actor";
import { NotFoundError } from "../errors";
import { isUuid } from "../journals";
import { providerNames, type ProviderId } from "../providers/types";
import type { Message } from "@/i18n/message";
import { storedFailureMessage, type ConnectFailureKind } from "./failure";
import { proposeMappings, type AccountMapping } from "./mapping";

export type AttemptAccount = {
  id: string;
  name: string;
  accountNumber: string | null;
  currency: string;
  /** Decimal minor units as a string (JSON has no bigint); null when the provider gave no balance. */
  balanceMinor: string | null;
  mapping: AccountMapping;
};

export type ConnectionAttemptView = {
  id: string;
  status: "pending" | "authorizing" | "authorized" | "failed" | "completed";
  provider: ProviderId;
  providerName: string;
  institutionName: string;
  /** Its message is a Message, or the English text of an attempt stored before translation. */
  failure: { kind: ConnectFailureKind; message: Message | string; code: string | null; reference: string } | null;
  /** "already synchronized": the company's existing connection to the same bank through the same provider. */
  existingConnectionId: string | null;
  connectionId: string | null;
  accounts: AttemptAccount[];
  /** The journals the accounts may be mapped to. */
  journals: { id: string; name: string; currency: string }[];
};

/** Where a connection attempt stands, for the user who started it; with the account selection once authorized. */
export async function getConnectionAttempt(db: Db, actor: Actor, attemptId: string): Promise<ConnectionAttemptView> {
  assertCanWrite(actor);
  if (!isUuid(attemptId)) throw new NotFoundError("Connection attempt");
  const [attempt] = await db
    .select({ attempt: connectionAttempts, institutionName: institutions.name })
    .from(connectionAttempts)
    .innerJoin(institutions, eq(institutions.id, connectionAttempts.institutionId))
    .where(and(eq(connectionAttempts.id, attemptId), eq(connectionAttempts.companyId, actor.companyId), eq(connectionAttempts.userId, actor.userId)));
  if (!attempt) throw new NotFoundError("Connection attempt");
  const a = attempt.attempt;
  const provider = a.provider as ProviderId;
  const view: ConnectionAttemptView = {
    id: a.id,
    status: a.status,
    provider,
    providerName: providerNames[provider],
    institutionName: attempt.institutionName,
    failure:
      a.status === "failed"
        ? { kind: (a.errorKind ?? "provider_error") as ConnectFailureKind, message: storedFailureMessage(a.errorMessage), code: a.errorCode, reference: a.errorReference ?? "" }
        : null,
    existingConnectionId: null,
    connectionId: a.status === "failed" ? null : a.connectionId,
    accounts: [],
    journals: [],
  };
  if (a.errorKind === "already_exists") {
    const [existing] = await db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.companyId, actor.companyId), eq(connections.institutionId, a.institutionId), eq(connections.provider, a.provider)))
      .orderBy(asc(connections.createdAt))
      .limit(1);
    view.existingConnectionId = existing?.id ?? null;
  }
  if (a.status !== "authorized" || !a.connectionId) return view;

  const [accounts, companyJournals] = await Promise.all([
    db.select().from(onlineAccounts).where(eq(onlineAccounts.connectionId, a.connectionId)).orderBy(asc(onlineAccounts.createdAt), asc(onlineAccounts.name)),
    mappableJournals(db, actor.companyId, a.connectionId),
  ]);
  const mappings = proposeMappings(
    accounts.map((account) => ({ id: account.id, currency: account.currency, accountNumber: numberOf(account) })),
    companyJournals,
    a.journalId,
  );
  view.accounts = accounts.map((account, index) => ({
    id: account.id,
    name: account.name,
    accountNumber: displayNumber(account.iban ?? account.accountNumber),
    currency: account.currency,
    balanceMinor: account.balanceMinor === null ? null : account.balanceMinor.toString(),
    mapping: mappings[index]!,
  }));
  view.journals = companyJournals.map(({ id, name, currency }) => ({ id, name, currency }));
  return view;
}

/** An account number as the journal will show it (IBANs grouped by four); as given when it does not parse. */
function displayNumber(number: string | null): string | null {
  if (!number) return null;
  const parsed = parseAccountNumber(number);
  return parsed.ok ? parsed.display : number;
}

/** The sanitized number an online account is compared on: its IBAN, else the provider's account number. */
export function numberOf(account: { iban: string | null; accountNumber: string | null }): string | null {
  const number = account.iban ?? account.accountNumber;
  return number ? sanitizeAccountNumber(number) : null;
}

/** The company's bank journals, each with its account number and whether another connection's account feeds it. */
export async function mappableJournals(db: Pick<Db, "select">, companyId: string, connectionId: string) {
  const rows = await db
    .select({
      id: journals.id,
      name: journals.name,
      currency: journals.currency,
      accountNumber: bankAccounts.sanitizedAccountNumber,
      linkedBy: onlineAccounts.connectionId,
    })
    .from(journals)
    .leftJoin(bankAccounts, eq(bankAccounts.id, journals.bankAccountId))
    .leftJoin(onlineAccounts, and(eq(onlineAccounts.journalId, journals.id), ne(onlineAccounts.connectionId, connectionId)))
    .where(eq(journals.companyId, companyId))
    .orderBy(asc(journals.name));
  return rows.map((r) => ({ id: r.id, name: r.name, currency: r.currency, accountNumber: r.accountNumber, linked: r.linkedBy !== null }));
}
