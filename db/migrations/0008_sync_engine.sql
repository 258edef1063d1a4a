ALTER TABLE "online_accounts" ADD COLUMN "sync_from" date;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "opening_balance_due" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "last_run_id" uuid;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "last_run_fetched" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "online_accounts" ADD COLUMN "last_run_imported" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_active_key" ON "sync_runs" USING btree ("connection_id") WHERE "sync_runs"."status" in ('queued', 'running');