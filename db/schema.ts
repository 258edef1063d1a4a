import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
  char,
  check,
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
    /** The interface language the user chose ("en", "ko"); null follows the browser's. */
    language: text("language"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), check("users_language_check", sql`${t.language} in ('en', 'ko')`)],
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

/**
 * Failed sign-ins per e-mail address, whether or not a user has it, shared by every web process
 * (lib/sign-in-throttle). Keyed by an HMAC of the address, so the table is no list of addresses.
 */
export const signInFailures = pgTable("sign_in_failures", {
  key: text("key").primaryKey(),
  /** Attempts since the last success, counted before the password is checked. */
  failures: integer("failures").notNull(),
  lastFailedAt: timestamp("last_failed_at", { withTimezone: true }).notNull(),
});

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
    /** The column mapping of the last CSV statement imported (lib/banksync/statement-files/csv/mapping.ts), offered again for the next. */
    csvMapping: jsonb("csv_mapping"),
    createdAt: createdAt(),
  },
  (t) => [index("journals_company_idx").on(t.companyId), uniqueIndex("journals_bank_account_key").on(t.bankAccountId)],
);

export const ledgerAccountTypeEnum = pgEnum("ledger_account_type", ["bank", "receivable", "payable", "income", "expense", "suspense"]);

/**
 * The company's chart of accounts (a minimal one is seeded for every company by a trigger): the
 * counterpart a statement line is reconciled to.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    type: ledgerAccountTypeEnum("type").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ledger_accounts_company_code_key").on(t.companyId, t.code)],
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
    /**
     * The online account the line was synchronized from. No foreign key on purpose: the line keeps
     * it after its connection is deleted, and a line in a locked period must not change.
     */
    onlineAccountId: uuid("online_account_id"),
    /** The provider's transaction as received, for support and re-processing. */
    rawPayload: jsonb("raw_payload"),
    source: lineSourceEnum("source").notNull(),
    possibleDuplicate: boolean("possible_duplicate").notNull().default(false),
    reconciled: boolean("reconciled").notNull().default(false),
    /** Reconciled: the counterpart account, and the partner and label of the entry (the bank's own stay above). */
    reconciledAccountId: uuid("reconciled_account_id").references(() => ledgerAccounts.id, { onDelete: "no action" }),
    reconciledPartner: text("reconciled_partner"),
    reconciledLabel: text("reconciled_label"),
    reconciledAt: timestamp("reconciled_at", { withTimezone: true }),
    reconciledBy: uuid("reconciled_by").references(() => users.id, { onDelete: "set null" }),
    /** The import that brought the line (a sync run, a Find Missing import, a file): "the latest import". */
    importId: uuid("import_id"),
    /** "Not a duplicate": the user cleared this line's group; the review does not show it again. */
    duplicateDismissed: boolean("duplicate_dismissed").notNull().default(false),
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
    // In the view's order, so "To reconcile" and "Possible duplicates" read their page straight from the index.
    index("statement_lines_unreconciled_idx").on(t.journalId, t.date, t.sequence).where(sql`not ${t.reconciled}`),
    index("statement_lines_company_idx").on(t.companyId),
    index("statement_lines_journal_import_idx").on(t.journalId, t.importId).where(sql`${t.importId} is not null`),
    index("statement_lines_possible_duplicate_idx").on(t.journalId, t.date, t.sequence).where(sql`${t.possibleDuplicate}`),
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

/**
 * Per journal: the totals of all its lines, kept by statement-level triggers on statement_lines
 * beside journal_days, so the dashboard and the journal view's counts cost O(journals), not O(days)
 * or O(unreconciled lines). No row until the journal has a line.
 */
export const journalTotals = pgTable("journal_totals", {
  journalId: uuid("journal_id")
    .primaryKey()
    .references(() => journals.id, { onDelete: "cascade" }),
  lineCount: integer("line_count").notNull(),
  amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
  unreconciledCount: integer("unreconciled_count").notNull(),
  unreconciledMinor: bigint("unreconciled_minor", { mode: "bigint" }).notNull(),
  possibleDuplicateCount: integer("possible_duplicate_count").notNull(),
});

export const institutionStatusEnum = pgEnum("institution_status", ["stable", "beta"]);

/**
 * The institution catalog: one row per bank, merged across the providers that serve it
 * (institution_providers), refreshed by the catalog job. `search_text` is the name and BIC folded to
 * lower case without accents, indexed with trigrams for typo-tolerant search.
 */
export const institutions = pgTable(
  "institutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    country: char("country", { length: 2 }).notNull(),
    bic: text("bic"),
    logo: text("logo"),
    status: institutionStatusEnum("status").notNull().default("stable"),
    searchText: text("search_text").notNull(),
    /** Set when no provider lists it any more. */
    delistedAt: timestamp("delisted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("institutions_search_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("institutions_country_idx").on(t.country),
    // Byte order of the folded text: alphabetical listing and ranked tiers read these in order and stop
    // at the limit instead of sorting every match.
    index("institutions_sort_idx").using("btree", sql`${t.searchText} collate "C"`),
    index("institutions_country_sort_idx").using("btree", t.country, sql`${t.searchText} collate "C"`),
    uniqueIndex("institutions_bic_key").on(t.bic).where(sql`${t.bic} is not null`),
  ],
);

export const institutionProviders = pgTable(
  "institution_providers",
  {
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    externalId: text("external_id").notNull(),
    historyDays: integer("history_days").notNull(),
    consentDays: integer("consent_days"),
    autoFetch: boolean("auto_fetch").notNull(),
    refreshesPerDay: integer("refreshes_per_day"),
    mfa: boolean("mfa").notNull().default(false),
    beta: boolean("beta").notNull().default(false),
    psuTypes: text("psu_types").array().notNull(),
    /** The provider's default first: 0 is the default. */
    rank: integer("rank").notNull().default(0),
    delistedAt: timestamp("delisted_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.provider] }),
    uniqueIndex("institution_providers_external_key").on(t.provider, t.externalId),
  ],
);

/** The sandbox world's clock offset and last reset (one row). */
export const sandboxState = pgTable("sandbox_state", {
  id: integer("id").primaryKey().default(1),
  clockOffsetMs: bigint("clock_offset_ms", { mode: "number" }).notNull().default(0),
  /** R in SANDBOX.md: the UTC date of the last reset. */
  resetOn: date("reset_on", { mode: "string" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Provider-side records of the sandbox (tokens, requisitions, items, customers, connections, sessions). */
export const sandboxObjects = pgTable(
  "sandbox_objects",
  {
    provider: text("provider").notNull(),
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.kind, t.id] })],
);

/** Transactions the control API added or posted, on top of the world's rule. */
export const sandboxTransactions = pgTable(
  "sandbox_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institution: text("institution").notNull(),
    account: text("account").notNull(),
    /** The part of the provider id after the account id, e.g. "20261126-X3". */
    suffix: text("suffix").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    amount: text("amount").notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    description: text("description").notNull(),
    status: text("status").notNull(),
    /** A posted transaction that replaces a pending one (its suffix). */
    replacesSuffix: text("replaces_suffix"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sandbox_transactions_account_suffix_key").on(t.institution, t.account, t.suffix)],
);

/** Faults armed through the control API: the next `remaining` calls of a provider fail with `mode`. */
export const sandboxFaults = pgTable("sandbox_faults", {
  provider: text("provider").primaryKey(),
  mode: text("mode").notNull(),
  remaining: integer("remaining").notNull(),
});

/** Counters of the special banks (Flaky Bank's calls, Daily Limit Bank's last success). */
export const sandboxCounters = pgTable("sandbox_counters", {
  key: text("key").primaryKey(),
  value: bigint("value", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const connectionStateEnum = pgEnum("connection_state", ["connected", "action_required", "error", "disconnected"]);
export const attemptStatusEnum = pgEnum("connection_attempt_status", ["pending", "authorizing", "authorized", "failed", "completed"]);
export const syncTriggerEnum = pgEnum("sync_trigger", ["initial", "manual", "scheduled", "missing", "update"]);
export const syncStatusEnum = pgEnum("sync_status", ["queued", "running", "succeeded", "failed"]);
export const fetchingStatusEnum = pgEnum("fetching_status", ["idle", "waiting", "processing", "error"]);
export const messageLevelEnum = pgEnum("message_level", ["info", "warning", "error"]);

/** A link between the company and one institution through one provider (DESIGN.md §3, "connection"). */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "restrict" }),
    provider: text("provider").notNull(),
    /** Requisition, item, connection or session id at the provider. */
    externalRef: text("external_ref").notNull(),
    /** Our identifier of this connection at the provider (Plaid client_user_id, Salt Edge customer identifier). */
    clientId: text("client_id").notNull(),
    /** The provider's tokens, AES-256-GCM encrypted (lib/crypto). */
    secret: text("secret").notNull(),
    state: connectionStateEnum("state").notNull().default("connected"),
    autoSync: boolean("auto_sync").notNull().default(true),
    consentExpiresAt: timestamp("consent_expires_at", { withTimezone: true }),
    lastRefreshAt: timestamp("last_refresh_at", { withTimezone: true }),
    nextRefreshAt: timestamp("next_refresh_at", { withTimezone: true }),
    lastErrorMessage: text("last_error_message"),
    lastErrorCode: text("last_error_code"),
    lastErrorReference: text("last_error_reference"),
    /** The last consent reminder sent for the current consent (15, 3 or 1 days before it ends); null when none yet. */
    consentReminderDays: integer("consent_reminder_days"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connections_company_idx").on(t.companyId), uniqueIndex("connections_client_id_key").on(t.clientId)],
);

/**
 * One run of a provider's consent flow, from "Connect" until the accounts are mapped. The signed
 * state names it; `usedAt` makes that state single use.
 */
export const connectionAttempts = pgTable(
  "connection_attempts",
  {
    id: uuid("id").primaryKey(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    psuType: text("psu_type").notNull(),
    /** "Connect bank" on a journal card: the journal to link first. */
    journalId: uuid("journal_id").references(() => journals.id, { onDelete: "set null" }),
    /** Update Credentials / Reconnect: the connection being renewed. */
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    /** What the adapter needs to complete the authorization, encrypted (it may hold a token). */
    pending: text("pending").notNull(),
    status: attemptStatusEnum("status").notNull().default("pending"),
    errorKind: text("error_kind"),
    errorMessage: text("error_message"),
    errorCode: text("error_code"),
    errorReference: text("error_reference"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("connection_attempts_user_idx").on(t.userId, t.createdAt)],
);

/** One account the user authorized at the provider, and the journal it feeds (0..1). */
export const onlineAccounts = pgTable(
  "online_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    accountNumber: text("account_number"),
    iban: text("iban"),
    currency: char("currency", { length: 3 }).notNull(),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }),
    balanceDate: date("balance_date", { mode: "string" }),
    journalId: uuid("journal_id").references(() => journals.id, { onDelete: "set null" }),
    /** The last date whose transactions are all in the journal. */
    lastSyncDate: date("last_sync_date", { mode: "string" }),
    /** Where the provider's pagination stopped (Plaid). */
    cursor: text("cursor"),
    /** The first synchronization's window start: nothing older is ever imported into the journal. */
    syncFrom: date("sync_from", { mode: "string" }),
    /** The journal was empty at the first synchronization: an opening balance line is due once it completes. */
    openingBalanceDue: boolean("opening_balance_due").notNull().default(false),
    fetchingStatus: fetchingStatusEnum("fetching_status").notNull().default("idle"),
    /** The provider stopped sharing this account (it was left out when the credentials were updated): not synchronized. */
    missingSince: timestamp("missing_since", { withTimezone: true }),
    /** The last run that synchronized this account, and what it brought to the journal (its card's "N transactions fetched"). */
    lastRunId: uuid("last_run_id"),
    lastRunFetched: integer("last_run_fetched").notNull().default(0),
    lastRunImported: integer("last_run_imported").notNull().default(0),
    /** The provider's account as received, for support. */
    raw: jsonb("raw"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("online_accounts_connection_external_key").on(t.connectionId, t.externalId),
    uniqueIndex("online_accounts_journal_key").on(t.journalId).where(sql`${t.journalId} is not null`),
    index("online_accounts_company_idx").on(t.companyId),
  ],
);

/** One synchronization of a connection: queued, running, then its outcome and counts. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    trigger: syncTriggerEnum("trigger").notNull(),
    status: syncStatusEnum("status").notNull().default("queued"),
    jobId: text("job_id"),
    fetched: integer("fetched").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    skippedKnown: integer("skipped_known").notNull().default(0),
    flagged: integer("flagged").notNull().default(0),
    pendingSeen: integer("pending_seen").notNull().default(0),
    errorMessage: text("error_message"),
    errorReference: text("error_reference"),
    /** The provider's refresh limit: when new data can come. */
    notBefore: timestamp("not_before", { withTimezone: true }),
    /** Renewed while a worker runs it: a running run without a recent heartbeat is held by no one. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("sync_runs_connection_idx").on(t.connectionId, t.queuedAt),
    // One run queued or running per connection, whatever clicks and schedules pile up.
    uniqueIndex("sync_runs_active_key").on(t.connectionId).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

/** The log (chatter) of a connection or a journal: what happened, who did it, with a reference on errors. */
export const connectionMessages = pgTable(
  "connection_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The order entries were written in (their times are the app clock's, which the sandbox can move). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    journalId: uuid("journal_id").references(() => journals.id, { onDelete: "cascade" }),
    level: messageLevelEnum("level").notNull().default("info"),
    text: text("text").notNull(),
    reference: text("reference"),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("connection_messages_connection_idx").on(t.connectionId, t.seq), index("connection_messages_journal_idx").on(t.journalId, t.seq)],
);

/**
 * A bank line the user deleted (a real duplicate): the synchronization's overlap must not bring it
 * back. Find Missing Transactions still lists it, and importing it there on purpose clears this.
 */
export const deletedOnlineTransactions = pgTable(
  "deleted_online_transactions",
  {
    journalId: uuid("journal_id")
      .notNull()
      .references(() => journals.id, { onDelete: "cascade" }),
    onlineTransactionId: text("online_transaction_id").notNull(),
    deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
    deletedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.journalId, t.onlineTransactionId] })],
);

/**
 * One "Find Missing Transactions" answer, kept server-side so "Import Transactions" imports exactly
 * what the provider said (the browser only names ids). Kept a day.
 */
export const missingFetches = pgTable(
  "missing_fetches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    journalId: uuid("journal_id")
      .notNull()
      .references(() => journals.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    since: date("since", { mode: "string" }).notNull(),
    /** The transactions not in the journal, as normalized (amounts as strings of minor units). */
    transactions: jsonb("transactions").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("missing_fetches_journal_idx").on(t.journalId, t.createdAt)],
);

export const statementFormatEnum = pgEnum("statement_format", ["csv", "ofx", "camt053"]);
export const statementImportStatusEnum = pgEnum("statement_import_status", ["staged", "imported"]);

/**
 * A statement file read into the database for its preview ("staged"), then written into the journal
 * ("imported"): its id is the `import_id` of the lines it brought. Staged ones are dropped after a day.
 */
export const statementImports = pgTable(
  "statement_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id, { onDelete: "cascade" }),
    journalId: uuid("journal_id")
      .notNull()
      .references(() => journals.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    fileName: text("file_name").notNull(),
    format: statementFormatEnum("format").notNull(),
    status: statementImportStatusEnum("status").notNull().default("staged"),
    /** The account the file says it is for, as written there. */
    accountNumber: text("account_number"),
    currency: char("currency", { length: 3 }).notNull(),
    /** The CSV mapping the file was read with; remembered on the journal once imported. */
    csvMapping: jsonb("csv_mapping"),
    lineCount: integer("line_count").notNull().default(0),
    pendingCount: integer("pending_count").notNull().default(0),
    importedCount: integer("imported_count"),
    flaggedCount: integer("flagged_count"),
    skippedCount: integer("skipped_count"),
    lockedCount: integer("locked_count"),
    createdAt: createdAt(),
    importedAt: timestamp("imported_at", { withTimezone: true }),
  },
  (t) => [index("statement_imports_journal_idx").on(t.journalId, t.createdAt)],
);

/** The posted lines of a staged file, in file order, until it is imported or dropped. */
export const statementImportLines = pgTable(
  "statement_import_lines",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => statementImports.id, { onDelete: "cascade" }),
    /** 1-based order in the file. */
    position: integer("position").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: char("currency", { length: 3 }).notNull(),
    label: text("label").notNull(),
    partnerName: text("partner_name"),
    counterpartAccount: text("counterpart_account"),
    /** sanitizeAccountNumber of the counterpart account ("" without one): what duplicates compare. */
    counterpartKey: text("counterpart_key").notNull(),
    /** The line's online transaction id in the journal: `file:<bank id>`, or `file:#<hash>-<occurrence>` when the file gives no id. */
    transactionId: text("transaction_id").notNull(),
    raw: jsonb("raw"),
  },
  (t) => [primaryKey({ columns: [t.importId, t.position] }), index("statement_import_lines_date_idx").on(t.importId, t.date, t.position)],
);
