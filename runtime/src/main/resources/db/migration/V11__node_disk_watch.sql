-- Disk space watched (issue 15): each node's agent records the free space of its base directory and
-- whether it is under the agent's threshold; while it is, the agent takes no tasks for its workers.
ALTER TABLE pampa.agent ADD COLUMN free_disk_mb BIGINT;
ALTER TABLE pampa.agent ADD COLUMN min_free_disk_mb BIGINT;
ALTER TABLE pampa.agent ADD COLUMN disk_low BOOLEAN NOT NULL DEFAULT FALSE;
