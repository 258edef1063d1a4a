import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
  char,
  date,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["admin", "accountant", "viewer"]);
export const journalTypeEnum = pgEnum("journal_type", ["bank"]);
export const lineSourceEnum = pgEnum("line_source", ["online", "manual", "file"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** ISO 3166-1 alpha-2. */
  country: char("country", { length: 2 }).notNull(),
  /** ISO 4217. */
  currency: char("currency", { length: 3 }).notNull(),
  /** "Lock Everything": nothing dated on or before it may be created, changed or deleted. */
  lockEverythingDate: date("lock_everything_date", { mode: "string" }),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stored lower-cased. */
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    developerMode: boolean("developer_mode").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.companyId] }), index("memberships_company_idx").on(t.companyId)],
);

export const bankAccounts = pgTable(
  "bank_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    /** As the user wrote it (IBANs in their printed, grouped form). */
    accountNumber: text("account_number").notNull(),
    /** Upper-cased without spaces or punctuation: what "the same account number" compares. */
    sanitizedAccountNumber: text("sanitized_account_number").notNull(),
    bankName: text("bank_name"),
    bic: text("bic"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("bank_accounts_company_number_key").on(t.companyId, t.sanitizedAccountNumber)],
);

export const journals = pgTable(
  "journals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: journalTypeEnum("type").notNull().default("bank"),
    currency: char("currency", { length: 3 }).notNull(),
    bankAccountId: uuid("bank_account_id").references(() => bankAccounts.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [index("journals_company_idx").on(t.companyId), uniqueIndex("journals_bank_account_key").on(t.bankAccountId)],
);

export const statementLines = pgTable(
  "statement_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    journalId: uuid("journal_id")
      .notNull()
      .references(() => journals.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    /** Integer minor units of `currency`; negative = money out. */
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    label: text("label").notNull(),
    partnerName: text("partner_name"),
    /** The counterpart's account number, as the bank gave it. */
    counterpartAccount: text("counterpart_account"),
    /** The provider's stable transaction id; unique within a journal. */
    onlineTransactionId: text("online_transaction_id"),
    /** The online account the line was synchronized from (linked once connections exist). */
    onlineAccountId: uuid("online_account_id"),
    /** The provider's transaction as received, for support and re-processing. */
    rawPayload: jsonb("raw_payload"),
    source: lineSourceEnum("source").notNull(),
    possibleDuplicate: boolean("possible_duplicate").notNull().default(false),
    reconciled: boolean("reconciled").notNull().default(false),
    /** Insertion order breaks ties between lines of the same date. */
    sequence: bigint("sequence", { mode: "bigint" }).generatedAlwaysAsIdentity(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("statement_lines_journal_online_id_key")
      .on(t.journalId, t.onlineTransactionId)
      .where(sql`${t.onlineTransactionId} is not null`),
    index("statement_lines_journal_date_idx").on(t.journalId, t.date, t.sequence),
    index("statement_lines_unreconciled_idx").on(t.journalId).where(sql`not ${t.reconciled}`),
    index("statement_lines_company_idx").on(t.companyId),
  ],
);

/**
 * Per journal and day: how many lines, their sum, how many are unreconciled. Kept by statement-level
 * triggers on statement_lines, so balances, counts and page positions cost O(days), not O(lines).
 */
export const journalDays = pgTable(
  "journal_days",
  {
    journalId: uuid("journal_id")
      .notNull()
      .references(() => journals.id, { onDelete: "cascade" }),
    date: date("date", { mode: "string" }).notNull(),
    lineCount: integer("line_count").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    unreconciledCount: integer("unreconciled_count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.journalId, t.date] })],
);
