-- Makes slow_numbers run again from scratch: clears its result and every tracking column.
-- Run it while the job's workers are stopped: a worker still running would find its tasks gone
-- (its late finishes are fenced out and write nothing).
UPDATE slow_numbers SET
  slept_ms = NULL,
  pampa_reservation_id = NULL,
  pampa_reservation_time = NULL,
  pampa_reservation_times = NULL,
  pampa_start_time = NULL,
  pampa_end_time = NULL,
  pampa_success = NULL,
  pampa_error_description = NULL
-- only rows with any of them set, so that untouched rows are not rewritten
WHERE NOT (ROW(
  slept_ms,
  pampa_reservation_id,
  pampa_reservation_time,
  pampa_reservation_times,
  pampa_start_time,
  pampa_end_time,
  pampa_success,
  pampa_error_description
) IS NULL);
