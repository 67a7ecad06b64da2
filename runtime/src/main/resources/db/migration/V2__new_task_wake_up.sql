-- Wakes the dispatcher when rows are inserted into a task table, so that new work starts in
-- milliseconds instead of at the next poll. `job apply --create-columns` attaches it to the table as
-- a statement-level trigger (one notification per INSERT statement, whatever its row count).
-- [jooq ignore start]
CREATE OR REPLACE FUNCTION pampa.notify_new_tasks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pampa_dispatch', TG_ARGV[0]);
  RETURN NULL;
END
$$;
-- [jooq ignore stop]
