package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.SqlScript;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow sample with real processes: a task that runs past {@code max_job_duration_minutes} ends
 * dead with an error saying it timed out. Two copies of the job run side by side, each pinned to one
 * worker by {@code filter_worker_id}, on nine rows (36 to 44, of which only 40 is slow), with
 * {@code max_try_times: 1} so that the first time-out is final:
 *
 * <ul>
 *   <li>{@code slow_numbers} on a worker left alone: the try is stopped at the limit, by the worker's
 *       own timer or by the dispatcher's take-back, whichever comes first (both run at the limit);</li>
 *   <li>{@code slow_numbers_hung} on a worker frozen with SIGSTOP while it runs the slow task, as a
 *       hung machine would be (the dispatcher counts a worker dead only after 300 s here): only the
 *       dispatcher can end the try, and once the worker is let go its late finish is fenced out.</li>
 * </ul>
 *
 * <p>About 70 s, most of it the one-minute limit.
 */
class SlowNumbersEndToEndTest {
    private static final SampleJob JOB = SampleJobs.SLOW_NUMBERS;
    private static final String HUNG = "slow_numbers_hung";
    private static final long SLOW_KEY = 40;
    private static final String ROWS = "value BETWEEN 36 AND 44";

    @TempDir
    Path dir;

    @Test
    void aTaskRunningPastTheLimitIsTakenBackAndEndsDeadAsTimedOut() throws Exception {
        assertThat(SlowNumbers.isSlow(SLOW_KEY)).isTrue();
        assertThat(SlowNumbers.SLOW_SLEEP).as("the slow task outlasts the one-minute limit").isGreaterThan(Duration.ofMinutes(1));
        DbUrl url = EndToEnd.migratedDatabase();
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            JOB.tableScript().runOn(db);
            SqlScript.of(HUNG + ".sql", JOB.tableScript().text().replace("slow_numbers", HUNG)).runOn(db);
            db.dsl().execute("DELETE FROM slow_numbers WHERE NOT (" + ROWS + ")");
            db.dsl().execute("DELETE FROM " + HUNG + " WHERE NOT (" + ROWS + ")");
            EndToEnd.apply(url, dir, "slow_numbers.yaml", copy(JOB.name(), JOB.spec().table(), "local\\.1"));
            EndToEnd.apply(url, dir, HUNG + ".yaml", copy(HUNG, HUNG, "local\\.2"));

            RuntimeProcess dispatcher = procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "300");
            RuntimeProcess alone = procs.startWorker(url, "local.1", dir.resolve("local.1.log"));
            RuntimeProcess hung = procs.startWorker(url, "local.2", dir.resolve("local.2.log"), "--heartbeat-ms", "250");
            List<RuntimeProcess> processes = List.of(dispatcher, alone, hung);

            Await.until(Duration.ofSeconds(60), "local.2 to run task " + SLOW_KEY + " of " + HUNG,
                    () -> (HUNG + "/" + SLOW_KEY).equals(db.dsl().fetchValue(
                            "SELECT current_job || '/' || current_task FROM pampa.worker WHERE name = 'local.2'")));
            long t0 = System.nanoTime();
            signal("STOP", hung.pid());
            try {
                Await.until(Duration.ofSeconds(120), "the dispatcher to end task " + SLOW_KEY + " of " + HUNG,
                        () -> EndToEnd.count(db, "SELECT count(*) FROM " + HUNG + " WHERE value = " + SLOW_KEY + " AND pampa_end_time IS NOT NULL") == 1);
                System.out.printf("slow_numbers end to end: the frozen worker's task was taken back %.1f s after the freeze%n", (System.nanoTime() - t0) / 1e9);
                assertThat(row(db, HUNG, SLOW_KEY)).isEqualTo(
                        "success false, tries 1, worker local.2, slept null, error timed out: ran longer than max_job_duration_minutes (1)"
                                + " on worker local.2; tries used up (max_try_times)");
                assertThat(db.dsl().fetch("SELECT kind, job, task_key FROM pampa.event WHERE kind IN ('task_timed_out', 'task_given_up') AND job = ? ORDER BY id", HUNG)
                        .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)))
                        .containsExactly("task_timed_out " + HUNG + " null", "task_given_up " + HUNG + " " + SLOW_KEY);
            } finally {
                signal("CONT", hung.pid());
            }
            Await.until(Duration.ofSeconds(30), "local.2's late finish of task " + SLOW_KEY + " to be fenced out",
                    () -> EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind = 'late_finish_rejected' AND worker = 'local.2'"
                            + " AND job = '" + HUNG + "' AND task_key = '" + SLOW_KEY + "'") == 1);

            EndToEnd.awaitAllEnded(db, "slow_numbers", "pampa_end_time", Duration.ofSeconds(120), processes);
            EndToEnd.awaitAllEnded(db, HUNG, "pampa_end_time", Duration.ofSeconds(60), processes);
            System.out.printf("slow_numbers end to end: every task ended %.1f s after the freeze%n", (System.nanoTime() - t0) / 1e9);

            String timedOutAlone = row(db, "slow_numbers", SLOW_KEY);
            System.out.println("slow_numbers end to end: the task left alone ended as: " + timedOutAlone);
            assertThat(timedOutAlone).startsWith("success false, tries 1, worker local.1, slept null, error ")
                    .containsPattern("error (java\\.util\\.concurrent\\.TimeoutException: )?timed out: .*max_job_duration_minutes \\(1\\)");
            // the worker's own timer or the dispatcher's take-back, whichever came first, says so
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE job = 'slow_numbers' AND kind = 'task_timed_out'"))
                    .as("timed-out event").isEqualTo(1);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE job = 'slow_numbers' AND kind = 'task_given_up' AND task_key = '" + SLOW_KEY + "'"))
                    .as("given-up event").isEqualTo(1);
            assertThat(row(db, HUNG, SLOW_KEY)).as("the fenced-out late finish changed nothing")
                    .endsWith("error timed out: ran longer than max_job_duration_minutes (1) on worker local.2; tries used up (max_try_times)");
            for (String table : List.of("slow_numbers", HUNG)) {
                assertThat(EndToEnd.count(db, "SELECT count(*) FROM " + table + " WHERE value <> " + SLOW_KEY
                        + " AND (pampa_success IS NOT TRUE OR pampa_reservation_times <> 1 OR slept_ms IS NULL)"))
                        .as("fast tasks of %s not done on their first try", table).isZero();
            }
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM slow_numbers WHERE pampa_reservation_id <> 'local.1'")).as("filter_worker_id").isZero();
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM " + HUNG + " WHERE pampa_reservation_id <> 'local.2'")).as("filter_worker_id").isZero();
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind = 'worker_died'")).isZero();

            EndToEnd.stopAllAndExpectExitZero(processes);
        }
    }

    /** The slow job's YAML under another name and table, one try, a one-minute limit, one worker. */
    private static String copy(String name, String table, String workerRegex) {
        String yaml = JOB.yaml();
        yaml = EndToEnd.withParameter(yaml, "name", name);
        yaml = EndToEnd.withParameter(yaml, "table", table);
        yaml = EndToEnd.withParameter(yaml, "max_try_times", "1");
        yaml = EndToEnd.withParameter(yaml, "max_job_duration_minutes", "1");
        return EndToEnd.withParameter(yaml, "filter_worker_id", "'" + workerRegex + "'");
    }

    private static String row(Database db, String table, long key) {
        return db.dsl().fetchOne("SELECT pampa_success, pampa_reservation_times, pampa_reservation_id, slept_ms, pampa_error_description FROM "
                        + table + " WHERE value = " + key)
                .map(r -> "success " + r.get(0) + ", tries " + r.get(1) + ", worker " + r.get(2) + ", slept " + r.get(3)
                        + ", error " + (r.get(4) == null ? null : r.get(4, String.class).lines().findFirst().orElse("")));
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        assertThat(rc).as("kill -" + sig + " " + pid).isZero();
    }
}
