-- The task table of flaky_numbers: the numbers 1 to 10,000, the result column checked_on_try, and
-- the tracking columns under the runtime's default names. Timestamps carry their time zone, so that
-- workers on machines in different zones agree on them.
-- Safe to run again: it creates what is missing and adds only missing rows.
CREATE TABLE IF NOT EXISTS flaky_numbers (
  value                          BIGINT PRIMARY KEY,
  checked_on_try                 INTEGER,
  pampa_reservation_id           VARCHAR(500),
  pampa_reservation_time         TIMESTAMP WITH TIME ZONE,
  pampa_reservation_times        INTEGER,
  pampa_start_time               TIMESTAMP WITH TIME ZONE,
  pampa_end_time                 TIMESTAMP WITH TIME ZONE,
  pampa_success                  BOOLEAN,
  pampa_error_description        TEXT
);

CREATE INDEX IF NOT EXISTS flaky_numbers_pending ON flaky_numbers (value)
  WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL;
CREATE INDEX IF NOT EXISTS flaky_numbers_reserved ON flaky_numbers (pampa_reservation_id)
  WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL;

INSERT INTO flaky_numbers (value)
SELECT generate_series(1, 10000)
ON CONFLICT DO NOTHING;
