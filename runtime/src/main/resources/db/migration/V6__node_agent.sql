-- One agent per node (issue 8, ADR 0005): the only database client of the node's workers. It
-- registers here and heartbeats for itself and, set-based, for the workers it serves.
CREATE TABLE pampa.agent (
  node             VARCHAR(63)  NOT NULL PRIMARY KEY,
  host             VARCHAR(255),
  pid              BIGINT,
  runtime_version  VARCHAR(50),
  state            VARCHAR(20)  NOT NULL,
  incarnation      VARCHAR(36)  NOT NULL,
  socket_path      VARCHAR(500),
  started_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  stopped_at       TIMESTAMP WITH TIME ZONE,
  workers          INT          NOT NULL DEFAULT 0
);

-- The node whose agent serves the worker; NULL for a worker that is its own database client. The
-- dispatcher fills only the latter's queues: an agent takes tasks for its workers itself.
ALTER TABLE pampa.worker ADD COLUMN agent VARCHAR(63);
