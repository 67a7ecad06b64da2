-- The last probe of each node: what the cockpit's Nodes table shows for Java, CPUs and memory, so that
-- it is there after a restart without reaching every node again. Dropped with its node.
CREATE TABLE pampa.node_probe (
  node          VARCHAR(63)  NOT NULL PRIMARY KEY REFERENCES pampa.node (name) ON DELETE CASCADE,
  probed_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  os            VARCHAR(100),
  architecture  VARCHAR(100),
  cpu_count     INT,
  memory_kb     BIGINT,
  free_disk_kb  BIGINT,
  java_version  VARCHAR(100),
  problems      TEXT
);
