-- Issue 10: tasks that wait for their time, recurring jobs, and a job's own figures.
-- field_scheduled_time: the task table's column holding when a task may start (NULL: never waits).
-- schedule: a Quartz cron expression; at each firing the dispatcher relaunches the job's done tasks.
-- next_firing_at: the firing the lease holder waits for; NULL until it computes one (and again when
-- the schedule changes), so a dispatcher that takes over the lease neither repeats nor skips a firing.
ALTER TABLE pampa.job ADD COLUMN field_scheduled_time VARCHAR(63);
ALTER TABLE pampa.job ADD COLUMN schedule VARCHAR(300);
ALTER TABLE pampa.job ADD COLUMN schedule_time_zone VARCHAR(100);
ALTER TABLE pampa.job ADD COLUMN reporting_function VARCHAR(300);
ALTER TABLE pampa.job ADD COLUMN next_firing_at TIMESTAMP WITH TIME ZONE;
