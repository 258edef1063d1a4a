CREATE TYPE "public"."statement_format" AS ENUM('csv', 'ofx', 'camt053');--> statement-breakpoint
CREATE TYPE "public"."statement_import_status" AS ENUM('staged', 'imported');--> statement-breakpoint
CREATE TABLE "statement_import_lines" (
	"import_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"label" text NOT NULL,
	"partner_name" text,
	"counterpart_account" text,
	"counterpart_key" text NOT NULL,
	"transaction_id" text NOT NULL,
	"raw" jsonb,
	CONSTRAINT "statement_import_lines_import_id_position_pk" PRIMARY KEY("import_id","position")
);
--> statement-breakpoint
CREATE TABLE "statement_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"journal_id" uuid NOT NULL,
	"created_by" uuid,
	"file_name" text NOT NULL,
	"format" "statement_format" NOT NULL,
	"status" "statement_import_status" DEFAULT 'staged' NOT NULL,
	"account_number" text,
	"currency" char(3) NOT NULL,
	"csv_mapping" jsonb,
	"line_count" integer DEFAULT 0 NOT NULL,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"imported_count" integer,
	"flagged_count" integer,
	"skipped_count" integer,
	"locked_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "journals" ADD COLUMN "csv_mapping" jsonb;--> statement-breakpoint
ALTER TABLE "statement_import_lines" ADD CONSTRAINT "statement_import_lines_import_id_statement_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."statement_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_import_lines_date_idx" ON "statement_import_lines" USING btree ("import_id","date","position");--> statement-breakpoint
CREATE INDEX "statement_imports_journal_idx" ON "statement_imports" USING btree ("journal_id","created_at");