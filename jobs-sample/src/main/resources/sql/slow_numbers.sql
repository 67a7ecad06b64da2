-- The task table of slow_numbers: the numbers 1 to 200, the result column slept_ms, and the tracking
-- columns under the runtime's default names, with time zones.
-- Safe to run again: it creates what is missing and adds only missing rows.
CREATE TABLE IF NOT EXISTS slow_numbers (
  value                          BIGINT PRIMARY KEY,
  slept_ms                       INTEGER,
  pampa_reservation_id           VARCHAR(500),
  pampa_reservation_time         TIMESTAMP WITH TIME ZONE,
  pampa_reservation_times        INTEGER,
  pampa_start_time               TIMESTAMP WITH TIME ZONE,
  pampa_end_time                 TIMESTAMP WITH TIME ZONE,
  pampa_success                  BOOLEAN,
  pampa_error_description        TEXT
);

CREATE INDEX IF NOT EXISTS slow_numbers_pending ON slow_numbers (value)
  WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL;
CREATE INDEX IF NOT EXISTS slow_numbers_reserved ON slow_numbers (pampa_reservation_id)
  WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL;

INSERT INTO slow_numbers (value)
SELECT generate_series(1, 200)
ON CONFLICT DO NOTHING;
