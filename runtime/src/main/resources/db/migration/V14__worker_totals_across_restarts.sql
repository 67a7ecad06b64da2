-- A worker's counters are its process's: a restart used to put the Done count silently back to 0.
-- On each registration under a name the previous process's counts are added here and starts goes up,
-- so the cockpit shows what the worker of that name did in all and that it restarted.
ALTER TABLE pampa.worker ADD COLUMN done_before BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pampa.worker ADD COLUMN failed_before BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pampa.worker ADD COLUMN starts INTEGER NOT NULL DEFAULT 1;
