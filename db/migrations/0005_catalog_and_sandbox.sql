CREATE TYPE "public"."institution_status" AS ENUM('stable', 'beta');--> statement-breakpoint
CREATE TABLE "institution_providers" (
	"institution_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"external_id" text NOT NULL,
	"history_days" integer NOT NULL,
	"consent_days" integer,
	"auto_fetch" boolean NOT NULL,
	"refreshes_per_day" integer,
	"mfa" boolean DEFAULT false NOT NULL,
	"beta" boolean DEFAULT false NOT NULL,
	"psu_types" text[] NOT NULL,
	"rank" integer DEFAULT 0 NOT NULL,
	"delisted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_providers_institution_id_provider_pk" PRIMARY KEY("institution_id","provider")
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"country" char(2) NOT NULL,
	"bic" text,
	"logo" text,
	"status" "institution_status" DEFAULT 'stable' NOT NULL,
	"search_text" text NOT NULL,
	"delisted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_faults" (
	"provider" text PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"remaining" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_objects" (
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_objects_provider_kind_id_pk" PRIMARY KEY("provider","kind","id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"clock_offset_ms" bigint DEFAULT 0 NOT NULL,
	"reset_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution" text NOT NULL,
	"account" text NOT NULL,
	"suffix" text NOT NULL,
	"date" date NOT NULL,
	"amount" text NOT NULL,
	"currency" char(3) NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"replaces_suffix" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institution_providers" ADD CONSTRAINT "institution_providers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "institution_providers_external_key" ON "institution_providers" USING btree ("provider","external_id");--> statement-breakpoint
CREATE INDEX "institutions_search_idx" ON "institutions" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "institutions_country_idx" ON "institutions" USING btree ("country");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_bic_key" ON "institutions" USING btree ("bic") WHERE "institutions"."bic" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_transactions_account_suffix_key" ON "sandbox_transactions" USING btree ("institution","account","suffix");