DROP INDEX "connection_messages_connection_idx";--> statement-breakpoint
ALTER TABLE "connection_messages" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "connection_messages_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "consent_reminder_days" integer;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "missing_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "connection_messages_journal_idx" ON "connection_messages" USING btree ("journal_id","seq");--> statement-breakpoint
CREATE INDEX "connection_messages_connection_idx" ON "connection_messages" USING btree ("connection_id","seq");