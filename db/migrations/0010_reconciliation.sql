CREATE TYPE "public"."ledger_account_type" AS ENUM('bank', 'receivable', 'payable', 'income', 'expense', 'suspense');--> statement-breakpoint
CREATE TABLE "deleted_online_transactions" (
	"journal_id" uuid NOT NULL,
	"online_transaction_id" text NOT NULL,
	"deleted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deleted_online_transactions_journal_id_online_transaction_id_pk" PRIMARY KEY("journal_id","online_transaction_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" "ledger_account_type" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "missing_fetches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"journal_id" uuid NOT NULL,
	"user_id" uuid,
	"since" date NOT NULL,
	"transactions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "reconciled_account_id" uuid;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "reconciled_partner" text;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "reconciled_label" text;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "reconciled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "reconciled_by" uuid;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "duplicate_dismissed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deleted_online_transactions" ADD CONSTRAINT "deleted_online_transactions_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deleted_online_transactions" ADD CONSTRAINT "deleted_online_transactions_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_fetches" ADD CONSTRAINT "missing_fetches_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_fetches" ADD CONSTRAINT "missing_fetches_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missing_fetches" ADD CONSTRAINT "missing_fetches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_company_code_key" ON "ledger_accounts" USING btree ("company_id","code");--> statement-breakpoint
CREATE INDEX "missing_fetches_journal_idx" ON "missing_fetches" USING btree ("journal_id","created_at");--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_reconciled_account_id_ledger_accounts_id_fk" FOREIGN KEY ("reconciled_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_reconciled_by_users_id_fk" FOREIGN KEY ("reconciled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_lines_journal_import_idx" ON "statement_lines" USING btree ("journal_id","import_id") WHERE "statement_lines"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "statement_lines_possible_duplicate_idx" ON "statement_lines" USING btree ("journal_id") WHERE "statement_lines"."possible_duplicate";--> statement-breakpoint
-- Every company gets a minimal chart of accounts to reconcile its bank lines to, whatever creates it.
CREATE OR REPLACE FUNCTION seed_ledger_accounts(company uuid) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO ledger_accounts (company_id, code, name, type) VALUES
    (company, '1000', 'Bank', 'bank'),
    (company, '1100', 'Accounts Receivable', 'receivable'),
    (company, '2000', 'Accounts Payable', 'payable'),
    (company, '4000', 'Sales', 'income'),
    (company, '4100', 'Interest Income', 'income'),
    (company, '4900', 'Other Income', 'income'),
    (company, '6000', 'Office Supplies', 'expense'),
    (company, '6100', 'Rent', 'expense'),
    (company, '6200', 'Travel and Meals', 'expense'),
    (company, '6300', 'Bank Fees', 'expense'),
    (company, '6900', 'Other Expenses', 'expense'),
    (company, '9990', 'Suspense', 'suspense')
  ON CONFLICT (company_id, code) DO NOTHING;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION companies_seed_ledger_accounts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM seed_ledger_accounts(NEW.id);
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER companies_seed_ledger_accounts AFTER INSERT ON companies
  FOR EACH ROW EXECUTE FUNCTION companies_seed_ledger_accounts();--> statement-breakpoint
SELECT seed_ledger_accounts(id) FROM companies;
