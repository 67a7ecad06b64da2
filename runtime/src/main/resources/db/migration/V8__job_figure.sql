-- A job's reporting function, sampled with each stats snapshot: one row per figure and sample, so that
-- status prints the latest and the cockpit charts them beside the task states. A sample whose
-- function failed or timed out leaves no row.
CREATE TABLE pampa.job_figure (
  job              VARCHAR(100) NOT NULL,
  at               TIMESTAMP WITH TIME ZONE NOT NULL,
  name             VARCHAR(100) NOT NULL,
  value            DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (job, at, name)
);
CREATE INDEX job_figure_job_name_at ON pampa.job_figure (job, name, at);
