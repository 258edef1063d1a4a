-- journal_days follows statement_lines: statement-level triggers aggregate each INSERT, UPDATE or
-- DELETE once (a bulk import of 10,000 lines costs one upsert per day touched, not one per line).
-- Lines written before this migration are counted once, here; the triggers keep it right afterwards.
INSERT INTO journal_days (journal_id, date, line_count, amount_minor, unreconciled_count)
  SELECT journal_id, date, count(*), sum(amount_minor), count(*) FILTER (WHERE NOT reconciled)
    FROM statement_lines GROUP BY journal_id, date;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_days_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_days AS d (journal_id, date, line_count, amount_minor, unreconciled_count)
    SELECT journal_id, date, count(*), sum(amount_minor), count(*) FILTER (WHERE NOT reconciled)
      FROM new_rows GROUP BY journal_id, date
  ON CONFLICT (journal_id, date) DO UPDATE SET
    line_count = d.line_count + excluded.line_count,
    amount_minor = d.amount_minor + excluded.amount_minor,
    unreconciled_count = d.unreconciled_count + excluded.unreconciled_count;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_days_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- An UPDATE, not an upsert: when the journal itself is being deleted its days are already gone.
  UPDATE journal_days AS d SET
    line_count = d.line_count - o.line_count,
    amount_minor = d.amount_minor - o.amount_minor,
    unreconciled_count = d.unreconciled_count - o.unreconciled_count
  FROM (
    SELECT journal_id, date, count(*) AS line_count, sum(amount_minor) AS amount_minor,
           count(*) FILTER (WHERE NOT reconciled) AS unreconciled_count
      FROM old_rows GROUP BY journal_id, date
  ) AS o
  WHERE d.journal_id = o.journal_id AND d.date = o.date;
  DELETE FROM journal_days d WHERE d.line_count = 0
    AND (d.journal_id, d.date) IN (SELECT journal_id, date FROM old_rows);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION journal_days_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journal_days AS d (journal_id, date, line_count, amount_minor, unreconciled_count)
    SELECT journal_id, date, sum(n), sum(amount), sum(unreconciled) FROM (
      SELECT journal_id, date, -1 AS n, -amount_minor AS amount, CASE WHEN reconciled THEN 0 ELSE -1 END AS unreconciled FROM old_rows
      UNION ALL
      SELECT journal_id, date, 1, amount_minor, CASE WHEN reconciled THEN 0 ELSE 1 END FROM new_rows
    ) AS delta
    GROUP BY journal_id, date
  ON CONFLICT (journal_id, date) DO UPDATE SET
    line_count = d.line_count + excluded.line_count,
    amount_minor = d.amount_minor + excluded.amount_minor,
    unreconciled_count = d.unreconciled_count + excluded.unreconciled_count;
  DELETE FROM journal_days d WHERE d.line_count = 0
    AND (d.journal_id, d.date) IN (SELECT journal_id, date FROM old_rows);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_days_after_insert AFTER INSERT ON statement_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_days_after_insert();
--> statement-breakpoint
CREATE TRIGGER journal_days_after_delete AFTER DELETE ON statement_lines
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_days_after_delete();
--> statement-breakpoint
CREATE TRIGGER journal_days_after_update AFTER UPDATE ON statement_lines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION journal_days_after_update();
