package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ruby Pampa's example job over its whole table, as an operator runs it: the job stored by
 * {@code job apply}, four worker processes and a dispatcher process, then SIGTERM to all.
 */
class OddNumbersEndToEndTest {
    private static final SampleJob JOB = SampleJobs.SEARCH_ODD_NUMBERS;
    private static final int WORKERS = 4;
    private static final long ROWS = 100_000;

    @TempDir
    Path dir;

    @Test
    void fourWorkerProcessesTellEveryNumberRightOnTheFirstTry() {
        DbUrl url = EndToEnd.migratedDatabase();
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            JOB.tableScript().runOn(db);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers")).isEqualTo(ROWS);
            EndToEnd.apply(url, dir, "search_odd_numbers.yaml", JOB.yaml());

            List<RuntimeProcess> processes = new ArrayList<>();
            for (int i = 1; i <= WORKERS; i++) {
                processes.add(procs.startWorker(url, "local." + i, dir.resolve("local." + i + ".log")));
            }
            Await.until(Duration.ofSeconds(60), WORKERS + " workers registered",
                    () -> EndToEnd.count(db, "SELECT count(*) FROM pampa.worker WHERE state = 'running'") == WORKERS);
            long t0 = System.nanoTime();
            processes.add(procs.startDispatcher(url, dir.resolve("dispatcher.log")));

            EndToEnd.awaitAllEnded(db, "numbers", "odd_checking_end_time", Duration.ofMinutes(5), processes);

            double seconds = (System.nanoTime() - t0) / 1e9;
            double dbSeconds = ((Number) db.dsl().fetchValue(
                    "SELECT extract(epoch FROM max(odd_checking_end_time) - min(odd_checking_reservation_time)) FROM numbers")).doubleValue();
            System.out.printf("search_odd_numbers end to end: %,d tasks, %d workers: %.1f s from the dispatcher's start (%,.0f tasks/s);"
                    + " %.1f s from the first reservation to the last end (%,.0f tasks/s)%n",
                    ROWS, WORKERS, seconds, ROWS / seconds, dbSeconds, ROWS / dbSeconds);

            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers")).isEqualTo(ROWS);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers WHERE is_odd IS DISTINCT FROM (value % 2 = 1)"))
                    .as("rows whose is_odd is wrong or missing").isZero();
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers WHERE is_odd")).isEqualTo(ROWS / 2);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers WHERE odd_checking_success IS NOT TRUE"
                    + " OR odd_checking_error_description IS NOT NULL")).as("tasks that did not succeed").isZero();
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM numbers WHERE odd_checking_reservation_times IS DISTINCT FROM 1"))
                    .as("tasks not done on their first try").isZero();
            List<String> doers = db.dsl().fetch("SELECT DISTINCT odd_checking_reservation_id FROM numbers ORDER BY 1")
                    .getValues(0, String.class);
            assertThat(doers).as("the workers that did the tasks").containsExactly("local.1", "local.2", "local.3", "local.4");
            System.out.println("tasks per worker: " + db.dsl().fetch(
                    "SELECT odd_checking_reservation_id, count(*) FROM numbers GROUP BY 1 ORDER BY 1").formatCSV(false));

            EndToEnd.stopAllAndExpectExitZero(processes);

            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.worker WHERE state = 'stopped'")).isEqualTo(WORKERS);
            assertThat(EndToEnd.count(db, "SELECT coalesce(sum(done_count), 0) FROM pampa.worker")).as("tries done, by the workers' count").isEqualTo(ROWS);
            assertThat(EndToEnd.count(db, "SELECT coalesce(sum(failed_count), 0) FROM pampa.worker")).as("tries failed").isZero();
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind IN"
                    + " ('worker_died', 'task_given_up', 'task_timed_out', 'late_finish_rejected')")).as("events of trouble").isZero();
        }
    }
}
