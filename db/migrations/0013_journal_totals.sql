CREATE TABLE "journal_totals" (
	"journal_id" uuid PRIMARY KEY NOT NULL,
	"line_count" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"unreconciled_count" integer NOT NULL,
	"unreconciled_minor" bigint NOT NULL,
	"possible_duplicate_count" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "statement_lines_unreconciled_idx";--> statement-breakpoint
DROP INDEX "statement_lines_possible_duplicate_idx";--> statement-breakpoint
ALTER TABLE "journal_totals" ADD CONSTRAINT "journal_totals_journal_id_journals_id_fk" FOREIGN KEY ("journal_id") REFERENCES "public"."journals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "statement_lines_unreconciled_idx" ON "statement_lines" USING btree ("journal_id","date","sequence") WHERE not "statement_lines"."reconciled";--> statement-breakpoint
CREATE INDEX "statement_lines_possible_duplicate_idx" ON "statement_lines" USING btree ("journal_id","date","sequence") WHERE "statement_lines"."possible_duplicate";--> statement-breakpoint
-- journal_totals follows statement_lines as journal_days does (0003): one upsert per journal touched
-- by each INSERT, UPDATE or DELETE statement. Rows left with no line are removed, as journal_days's are.
CREATE OR REPLACE FUNCTION journal_totals_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_totals AS t (journal_id, line_count, amount_minor, unreconciled_count, unreconciled_minor, possible_duplicate_count)
    SELECT journal_id, count(*), sum(amount_minor), count(*) FILTER (WHERE NOT reconciled),
           coalesce(sum(amount_minor) FILTER (WHERE NOT reconciled), 0), count(*) FILTER (WHERE possible_duplicate)
      FROM new_rows GROUP BY journal_id ORDER BY journal_id
  ON CONFLICT (journal_id) DO UPDATE SET
    line_count = t.line_count + excluded.line_count,
    amount_minor = t.amount_minor + excluded.amount_minor,
    unreconciled_count = t.unreconciled_count + excluded.unreconciled_count,
    unreconciled_minor = t.unreconciled_minor + excluded.unreconciled_minor,
    possible_duplicate_count = t.possible_duplicate_count + excluded.possible_duplicate_count;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_totals_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- An UPDATE, not an upsert: when the journal itself is being deleted its totals are already gone.
  UPDATE journal_totals AS t SET
    line_count = t.line_count - o.line_count,
    amount_minor = t.amount_minor - o.amount_minor,
    unreconciled_count = t.unreconciled_count - o.unreconciled_count,
    unreconciled_minor = t.unreconciled_minor - o.unreconciled_minor,
    possible_duplicate_count = t.possible_duplicate_count - o.possible_duplicate_count
  FROM (
    SELECT journal_id, count(*) AS line_count, sum(amount_minor) AS amount_minor,
           count(*) FILTER (WHERE NOT reconciled) AS unreconciled_count,
           coalesce(sum(amount_minor) FILTER (WHERE NOT reconciled), 0) AS unreconciled_minor,
           count(*) FILTER (WHERE possible_duplicate) AS possible_duplicate_count
      FROM old_rows GROUP BY journal_id
  ) AS o
  WHERE t.journal_id = o.journal_id;
  DELETE FROM journal_totals t WHERE t.line_count = 0 AND t.journal_id IN (SELECT journal_id FROM old_rows);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_totals_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_totals AS t (journal_id, line_count, amount_minor, unreconciled_count, unreconciled_minor, possible_duplicate_count)
    SELECT journal_id, sum(n), sum(amount), sum(unreconciled), sum(unreconciled_amount), sum(duplicate) FROM (
      SELECT journal_id, -1 AS n, -amount_minor AS amount, CASE WHEN reconciled THEN 0 ELSE -1 END AS unreconciled,
             CASE WHEN reconciled THEN 0 ELSE -amount_minor END AS unreconciled_amount, CASE WHEN possible_duplicate THEN -1 ELSE 0 END AS duplicate
        FROM old_rows
      UNION ALL
      SELECT journal_id, 1, amount_minor, CASE WHEN reconciled THEN 0 ELSE 1 END,
             CASE WHEN reconciled THEN 0 ELSE amount_minor END, CASE WHEN possible_duplicate THEN 1 ELSE 0 END
        FROM new_rows
    ) AS delta
    GROUP BY journal_id ORDER BY journal_id
  ON CONFLICT (journal_id) DO UPDATE SET
    line_count = t.line_count + excluded.line_count,
    amount_minor = t.amount_minor + excluded.amount_minor,
    unreconciled_count = t.unreconciled_count + excluded.unreconciled_count,
    unreconciled_minor = t.unreconciled_minor + excluded.unreconciled_minor,
    possible_duplicate_count = t.possible_duplicate_count + excluded.possible_duplicate_count;
  DELETE FROM journal_totals t WHERE t.line_count = 0 AND t.journal_id IN (SELECT journal_id FROM old_rows);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The triggers first: creating them locks statement_lines against writes until the migration
-- commits, so the backfill below counts every line exactly once.
CREATE TRIGGER journal_totals_after_insert AFTER INSERT ON statement_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_totals_after_insert();
--> statement-breakpoint
CREATE TRIGGER journal_totals_after_delete AFTER DELETE ON statement_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_totals_after_delete();
--> statement-breakpoint
CREATE TRIGGER journal_totals_after_update AFTER UPDATE ON statement_lines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_totals_after_update();
--> statement-breakpoint
INSERT INTO journal_totals (journal_id, line_count, amount_minor, unreconciled_count, unreconciled_minor, possible_duplicate_count)
  SELECT journal_id, count(*), sum(amount_minor), count(*) FILTER (WHERE NOT reconciled),
         coalesce(sum(amount_minor) FILTER (WHERE NOT reconciled), 0), count(*) FILTER (WHERE possible_duplicate)
    FROM statement_lines GROUP BY journal_id;
