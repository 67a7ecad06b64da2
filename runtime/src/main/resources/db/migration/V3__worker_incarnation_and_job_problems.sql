-- Which process is the worker of a name: a second process with the same name must not take over the
-- row of a live one, and a late heartbeat of an old process must not revive the row of a new one.
ALTER TABLE pampa.worker ADD COLUMN incarnation VARCHAR(36);

-- Jobs a worker cannot run (its processor class is missing on that node, say). The dispatcher gives
-- such a worker no task of the job, and the cockpit shows why.
CREATE TABLE pampa.worker_job_problem (
  worker   VARCHAR(100) NOT NULL,
  job      VARCHAR(100) NOT NULL,
  problem  TEXT         NOT NULL,
  at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (worker, job)
);
