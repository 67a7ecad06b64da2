-- Failed tries of a job so far, at each snapshot, so that the cockpit can chart failures per minute
-- beside done per minute. Derived from the task table (TaskTable.countStates): every try a row has
-- used, less the one still running or the one that succeeded. A retry from the cockpit or a
-- relaunching function resets a row's tries, so the figure can go down; rates clamp at zero.
ALTER TABLE pampa.job_stats ADD COLUMN failed BIGINT NOT NULL DEFAULT 0;
