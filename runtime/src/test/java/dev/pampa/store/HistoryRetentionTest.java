package dev.pampa.store;

import dev.pampa.report.StatsPoint;
import dev.pampa.store.monitor.StatsSeries;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history's shape on a real PostgreSQL, the clock driven by the rows' own ages: snapshots older
 * than the full-resolution time become one a minute, then one an hour, each bucket's latest kept
 * exact; old events, long-stopped workers and old probes go, the removals recorded.
 */
class HistoryRetentionTest {

    @Test
    void snapshotsOlderThanADayBecomeOneAMinuteThenOneAnHourEachTheLatestOfItsBucket() {
        try (Database db = open()) {
            TaskTables.create(db, "items", 1);
            TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor");
            // from 28 h before the hour began, six hours, every 5 s; done counts the snapshots, so a bucket's latest is its largest
            TaskTables.execute(db, """
                    INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed)
                    SELECT 'j', date_trunc('hour', now()) - interval '28 hours' + g * interval '5 seconds', 0, 0, 0, g, 0, 0, g / 10
                    FROM generate_series(0, 6 * 720 - 1) g""");
            HistoryRetention h = new HistoryRetention(db.dsl());

            int moved = 0;
            int batches = 0;
            for (int n; (n = h.downsampleToMinutes(Duration.ofHours(24), 60)) > 0; batches++) {
                moved += n;
            }

            long oldFull = TaskTables.count(db, "at < date_trunc('minute', now() - interval '24 hours')", "pampa.job_stats");
            assertThat(oldFull).as("full-resolution snapshots older than 24 h").isZero();
            assertThat(batches).as("an hour of snapshots per batch").isGreaterThanOrEqualTo(4);
            long minutes = TaskTables.count(db, "true", "pampa.job_stats_minute");
            assertThat(moved).isEqualTo(minutes * 12);
            assertThat(minutes).as("four hours and the minutes of this hour so far").isBetween(240L, 300L);
            assertThat(TaskTables.count(db, "done % 12 <> 11", "pampa.job_stats_minute")).as("each minute keeps its latest snapshot").isZero();
            assertThat(TaskTables.count(db, "true", "pampa.job_stats")).isEqualTo(6 * 720 - moved);

            int toHours = 0;
            for (int n; (n = h.downsampleToHours(Duration.ofHours(26), 24)) > 0; ) {
                toHours += n;
            }
            assertThat(toHours).as("the minutes older than 26 h, two hours").isEqualTo(120);
            assertThat(TaskTables.count(db, "true", "pampa.job_stats_hour")).isEqualTo(2);
            assertThat(TaskTables.count(db, "done % 720 <> 719", "pampa.job_stats_hour")).as("each hour keeps its latest snapshot").isZero();

            List<StatsPoint> points = new StatsSeries(db.dsl()).points("j", Duration.ofHours(30), 500);
            assertThat(points.get(0).at()).as("a long window reaches the hourly rows").isBefore(OffsetDateTime.now().minusHours(26));
            assertThat(points.get(points.size() - 1).done()).isEqualTo(6 * 720 - 1);
            for (int i = 1; i < points.size(); i++) {
                assertThat(points.get(i).done()).as("counters stay exact across resolutions").isGreaterThan(points.get(i - 1).done());
            }
            assertThat(points.get(0).done()).as("the first hour's latest snapshot, from job_stats_hour").isEqualTo(719);
            assertThat(points).as("one per 216 s bucket where there is history").hasSizeGreaterThan(60);
        }
    }

    @Test
    void oldEventsGoInBatchesTheRestStay() {
        try (Database db = open()) {
            TaskTables.execute(db, "INSERT INTO pampa.event (at, kind, message) SELECT now() - interval '31 days', 'task_given_up', 'old ' || g FROM generate_series(1, 10) g");
            TaskTables.execute(db, "INSERT INTO pampa.event (at, kind, message) SELECT now() - interval '29 days', 'task_given_up', 'recent ' || g FROM generate_series(1, 5) g");
            HistoryRetention h = new HistoryRetention(db.dsl());

            assertThat(h.pruneEvents(Duration.ofDays(30), 4)).isEqualTo(4);
            assertThat(h.pruneEvents(Duration.ofDays(30), 4)).isEqualTo(4);
            assertThat(h.pruneEvents(Duration.ofDays(30), 4)).isEqualTo(2);
            assertThat(h.pruneEvents(Duration.ofDays(30), 4)).isZero();
            assertThat(TaskTables.string(db, "SELECT string_agg(message, ',' ORDER BY id) FROM pampa.event")).isEqualTo("recent 1,recent 2,recent 3,recent 4,recent 5");
        }
    }

    @Test
    void workersStoppedOrDeadForAWeekAndOldProbesAreNoLongerListedButRemainInTheEvents() {
        try (Database db = open()) {
            TaskTables.execute(db, """
                    INSERT INTO pampa.worker (name, node, state, started_at, heartbeat_at, stopped_at) VALUES
                      ('n1.1', 'n1', 'stopped', now() - interval '9 days', now() - interval '8 days', now() - interval '8 days'),
                      ('n1.2', 'n1', 'dead',    now() - interval '9 days', now() - interval '8 days', NULL),
                      ('n1.3', 'n1', 'stopped', now() - interval '2 days', now() - interval '1 day',  now() - interval '1 day'),
                      ('n1.4', 'n1', 'running', now() - interval '9 days', now(), NULL)""");
            TaskTables.execute(db, "INSERT INTO pampa.worker_job_problem (worker, job, problem) VALUES ('n1.2', 'j', 'no class')");
            TaskTables.execute(db, "INSERT INTO pampa.node (name, host) VALUES ('n1', 'h1'), ('n2', 'h2')");
            TaskTables.execute(db, "INSERT INTO pampa.node_probe (node, probed_at) VALUES ('n1', now() - interval '8 days'), ('n2', now())");
            TaskTables.execute(db, """
                    INSERT INTO pampa.agent (node, state, incarnation, heartbeat_at, stopped_at) VALUES
                      ('n1', 'stopped', 'a', now() - interval '8 days', now() - interval '8 days'), ('n2', 'running', 'b', now(), NULL)""");
            HistoryRetention h = new HistoryRetention(db.dsl());

            assertThat(h.pruneWorkers(Duration.ofDays(7), 100)).extracting(HistoryRetention.Pruned::name).containsExactlyInAnyOrder("n1.1", "n1.2");
            assertThat(h.pruneAgents(Duration.ofDays(7))).extracting(HistoryRetention.Pruned::node).containsExactly("n1");
            assertThat(h.pruneProbes(Duration.ofDays(7))).extracting(HistoryRetention.Pruned::node).containsExactly("n1");

            assertThat(TaskTables.string(db, "SELECT string_agg(name, ',' ORDER BY name) FROM pampa.worker")).isEqualTo("n1.3,n1.4");
            assertThat(TaskTables.count(db, "true", "pampa.worker_job_problem")).isZero();
            assertThat(TaskTables.string(db, "SELECT string_agg(node, ',') FROM pampa.agent")).isEqualTo("n2");
            assertThat(TaskTables.string(db, "SELECT string_agg(node, ',') FROM pampa.node_probe")).isEqualTo("n2");
            assertThat(new StatusReport(db.dsl()).workers()).extracting(StatusReport.WorkerStatus::name).containsExactly("n1.3", "n1.4");
            assertThat(TaskTables.string(db, "SELECT string_agg(kind || ':' || coalesce(worker, '') || ':' || message, '|' ORDER BY id) FROM pampa.event"))
                    .contains("worker_pruned:n1.1:worker n1.1 of node n1 stopped for over 7 d: no longer listed")
                    .contains("worker_pruned:n1.2:worker n1.2 of node n1 dead for over 7 d")
                    .contains("agent_pruned::agent of n1 stopped for over 7 d")
                    .contains("probe_pruned::probe of node n1");
        }
    }

    private static Database open() {
        Database db = Database.open(TestPostgres.freshDatabase(), 2, "test");
        db.migrate();
        return db;
    }
}
