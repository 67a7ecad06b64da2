-- Tasks the operator cancelled (docs/design.md §4: ended, field_success NULL, an error beginning
-- "cancelled: "), counted apart from dead at each snapshot, so that the jobs list and the dashboard
-- read from a snapshot show them as the live count does.
ALTER TABLE pampa.job_stats ADD COLUMN cancelled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pampa.job_stats_minute ADD COLUMN cancelled BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pampa.job_stats_hour ADD COLUMN cancelled BIGINT NOT NULL DEFAULT 0;
