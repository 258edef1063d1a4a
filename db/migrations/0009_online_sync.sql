ALTER TABLE "connections" ADD COLUMN "consent_reminder_days" integer;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "missing_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "connection_messages_journal_idx" ON "connection_messages" USING btree ("journal_id","created_at");