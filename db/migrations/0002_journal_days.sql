CREATE TABLE "journal_days" (
	"journal_id" uuid NOT NULL,
	"date" date NOT NULL,
	"line_count" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"unreconciled_count" integer NOT NULL,
	CONSTRAINT "journal_days_journal_id_date_pk" PRIMARY KEY("journal_id","date")
);
--> statement-breakpoint
ALTER TABLE "journal_days" ADD CONSTRAINT "journal_days_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE cascade ON UPDATE no action;