-- The shape of the history (issue 15): job_stats keeps every 5 s snapshot for a day; the dispatcher
-- then moves each minute's latest snapshot here and deletes the rest, and after 30 days moves each
-- hour's latest snapshot on to job_stats_hour. A bucket keeps its latest snapshot, at its own time, so
-- the cumulative counters (done, failed) stay exact and rates between points stay true.
CREATE TABLE pampa.job_stats_minute (
  job              VARCHAR(100) NOT NULL REFERENCES pampa.job (name) ON DELETE CASCADE,
  at               TIMESTAMP WITH TIME ZONE NOT NULL,
  pending          BIGINT NOT NULL,
  queued           BIGINT NOT NULL,
  running          BIGINT NOT NULL,
  done             BIGINT NOT NULL,
  dead             BIGINT NOT NULL,
  retrying         BIGINT NOT NULL,
  failed           BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (job, at)
);

CREATE TABLE pampa.job_stats_hour (
  job              VARCHAR(100) NOT NULL REFERENCES pampa.job (name) ON DELETE CASCADE,
  at               TIMESTAMP WITH TIME ZONE NOT NULL,
  pending          BIGINT NOT NULL,
  queued           BIGINT NOT NULL,
  running          BIGINT NOT NULL,
  done             BIGINT NOT NULL,
  dead             BIGINT NOT NULL,
  retrying         BIGINT NOT NULL,
  failed           BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (job, at)
);

-- The oldest snapshots first, over every job: what downsampling and pruning look for.
CREATE INDEX job_stats_at ON pampa.job_stats (at);
CREATE INDEX job_stats_minute_at ON pampa.job_stats_minute (at);
