-- The database refuses any statement line created, changed or deleted on or before its company's
-- "Lock Everything" date, whichever code path writes it. The domain layer checks first to give a
-- friendly message; this is the backstop. Deletions cascading from a removed company or journal
-- (pg_trigger_depth() > 1) are the only exception.
CREATE OR REPLACE FUNCTION statement_lines_lock_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  lock_date date;
  journal_company uuid;
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT j.company_id, c.lock_everything_date INTO journal_company, lock_date
      FROM journals j JOIN companies c ON c.id = j.company_id
      WHERE j.id = NEW.journal_id;
    IF journal_company IS DISTINCT FROM NEW.company_id THEN
      RAISE EXCEPTION 'statement line company does not match its journal' USING ERRCODE = 'check_violation';
    END IF;
    IF lock_date IS NOT NULL AND NEW.date <= lock_date THEN
      RAISE EXCEPTION 'lock date violation: % is on or before the lock date %', NEW.date, lock_date
        USING ERRCODE = 'check_violation', CONSTRAINT = 'statement_lines_lock_date';
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT c.lock_everything_date INTO lock_date
      FROM companies c WHERE c.id = OLD.company_id;
    IF lock_date IS NOT NULL AND OLD.date <= lock_date THEN
      RAISE EXCEPTION 'lock date violation: % is on or before the lock date %', OLD.date, lock_date
        USING ERRCODE = 'check_violation', CONSTRAINT = 'statement_lines_lock_date';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER statement_lines_lock_guard
  BEFORE INSERT OR UPDATE OR DELETE ON statement_lines
  FOR EACH ROW EXECUTE FUNCTION statement_lines_lock_guard();
