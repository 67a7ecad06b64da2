-- Per-worker I/O limits of a node (issue 10), in KiB/s; NULL for no limit. max_ram_mb and
-- max_cpu_percent are in V1.
ALTER TABLE pampa.node ADD COLUMN max_disk_io_kbps BIGINT;
ALTER TABLE pampa.node ADD COLUMN max_net_io_kbps BIGINT;

-- What the node's agent measured of each process it serves, and of itself, with its heartbeat: CPU in %
-- of one core and disk I/O in bytes/s over the last heartbeat period (/proc/PID/stat, /proc/PID/io), the
-- resident set (/proc/PID/status). Network: the bytes/s of the process's network namespace (all its
-- interfaces but lo, /proc/PID/net/dev), shared by every process of that namespace; net_scope says so.
-- NULL where nothing could be read (not Linux, the process gone).
ALTER TABLE pampa.worker ADD COLUMN cpu_percent REAL;
ALTER TABLE pampa.worker ADD COLUMN rss_kb BIGINT;
ALTER TABLE pampa.worker ADD COLUMN disk_read_bps BIGINT;
ALTER TABLE pampa.worker ADD COLUMN disk_write_bps BIGINT;
ALTER TABLE pampa.worker ADD COLUMN net_rx_bps BIGINT;
ALTER TABLE pampa.worker ADD COLUMN net_tx_bps BIGINT;
ALTER TABLE pampa.worker ADD COLUMN net_scope VARCHAR(20);

ALTER TABLE pampa.agent ADD COLUMN cpu_percent REAL;
ALTER TABLE pampa.agent ADD COLUMN rss_kb BIGINT;
ALTER TABLE pampa.agent ADD COLUMN disk_read_bps BIGINT;
ALTER TABLE pampa.agent ADD COLUMN disk_write_bps BIGINT;
ALTER TABLE pampa.agent ADD COLUMN net_rx_bps BIGINT;
ALTER TABLE pampa.agent ADD COLUMN net_tx_bps BIGINT;
ALTER TABLE pampa.agent ADD COLUMN net_scope VARCHAR(20);
