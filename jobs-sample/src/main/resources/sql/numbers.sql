-- The task table of search_odd_numbers, laid out as in the Ruby Pampa's example: the numbers 1 to
-- 100,000, the result column is_odd, and the odd_checking_* tracking columns of the job's field map.
-- Safe to run again: it creates what is missing and adds only missing rows.
CREATE TABLE IF NOT EXISTS numbers (
  value                           BIGINT PRIMARY KEY,
  is_odd                          BOOLEAN,
  odd_checking_reservation_id     VARCHAR(500),
  odd_checking_reservation_time   TIMESTAMP,
  odd_checking_reservation_times  INTEGER,
  odd_checking_start_time         TIMESTAMP,
  odd_checking_end_time           TIMESTAMP,
  odd_checking_success            BOOLEAN,
  odd_checking_error_description  TEXT
);

-- The dispatcher looks for pending rows, and for each worker's reserved rows, every round: these
-- partial indexes stay as small as the work left, however large the table grows.
CREATE INDEX IF NOT EXISTS numbers_pending ON numbers (value)
  WHERE odd_checking_reservation_id IS NULL AND odd_checking_end_time IS NULL;
CREATE INDEX IF NOT EXISTS numbers_reserved ON numbers (odd_checking_reservation_id)
  WHERE odd_checking_reservation_id IS NOT NULL AND odd_checking_end_time IS NULL;

INSERT INTO numbers (value)
SELECT generate_series(1, 100000)
ON CONFLICT DO NOTHING;
