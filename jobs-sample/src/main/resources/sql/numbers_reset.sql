-- Makes search_odd_numbers run again from scratch: clears its result and every tracking column.
-- Run it while the job's workers are stopped: a worker still running would find its tasks gone
-- (its late finishes are fenced out and write nothing).
UPDATE numbers SET
  is_odd = NULL,
  odd_checking_reservation_id = NULL,
  odd_checking_reservation_time = NULL,
  odd_checking_reservation_times = NULL,
  odd_checking_start_time = NULL,
  odd_checking_end_time = NULL,
  odd_checking_success = NULL,
  odd_checking_error_description = NULL
-- only rows with any of them set, so that untouched rows are not rewritten
WHERE NOT (ROW(
  is_odd,
  odd_checking_reservation_id,
  odd_checking_reservation_time,
  odd_checking_reservation_times,
  odd_checking_start_time,
  odd_checking_end_time,
  odd_checking_success,
  odd_checking_error_description
) IS NULL);
