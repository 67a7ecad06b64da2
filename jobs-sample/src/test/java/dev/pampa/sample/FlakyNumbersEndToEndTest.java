package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.Task;
import dev.pampa.model.JobSpec;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flaky sample with real worker and dispatcher processes: every task's outcome, try count and
 * error come out exactly as {@link FlakyNumbers#failsFirstTry} and {@link FlakyNumbers#alwaysFails}
 * say for its key.
 *
 * <p>Every task given up is also an event, written by the worker with its last failure; a run where no
 * worker dies and no try runs too long has no other trouble events.
 */
class FlakyNumbersEndToEndTest {
    private static final SampleJob JOB = SampleJobs.FLAKY_NUMBERS;
    private static final List<String> WORKERS = List.of("local.1", "local.2", "local.3");

    @TempDir
    Path dir;

    @Test
    void retriesAndDeadTasksComeOutAsTheKeyRuleSays() {
        JobSpec spec = JOB.spec();
        int maxTries = spec.maxTryTimes();
        DbUrl url = EndToEnd.migratedDatabase();
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            JOB.tableScript().runOn(db);
            EndToEnd.apply(url, dir, "flaky_numbers.yaml", JOB.yaml());

            List<RuntimeProcess> processes = new ArrayList<>();
            processes.add(procs.startDispatcher(url, dir.resolve("dispatcher.log")));
            for (String w : WORKERS) {
                processes.add(procs.startWorker(url, w, dir.resolve(w + ".log")));
            }
            long t0 = System.nanoTime();
            EndToEnd.awaitAllEnded(db, "flaky_numbers", "pampa_end_time", Duration.ofMinutes(3), processes);
            System.out.printf("flaky_numbers end to end: all ended %.1f s after the processes were started%n", (System.nanoTime() - t0) / 1e9);

            List<Record> rows = new ArrayList<>(db.dsl().fetch("SELECT value, checked_on_try, pampa_reservation_id, pampa_reservation_times,"
                    + " pampa_success, pampa_error_description FROM flaky_numbers ORDER BY value"));
            assertThat(rows).hasSize(10_000);
            long expectDone = 0;
            long expectDead = 0;
            long expectRetried = 0;
            long expectFailedTries = 0;
            List<String> wrong = new ArrayList<>();
            for (Record r : rows) {
                long key = r.get("value", Long.class);
                Integer checkedOnTry = r.get("checked_on_try", Integer.class);
                String worker = r.get("pampa_reservation_id", String.class);
                Integer tries = r.get("pampa_reservation_times", Integer.class);
                Boolean success = r.get("pampa_success", Boolean.class);
                String error = r.get("pampa_error_description", String.class);
                String got = "success " + success + ", tries " + tries + ", checked_on_try " + checkedOnTry + ", worker " + worker
                        + ", error " + (error == null ? null : error.lines().findFirst().orElse(""));
                if (FlakyNumbers.alwaysFails(key)) {
                    expectDead++;
                    expectFailedTries += maxTries;
                    String lastTryError = errorOf(key, maxTries);
                    boolean ok = Boolean.FALSE.equals(success) && tries != null && tries == maxTries && checkedOnTry == null
                            && WORKERS.contains(worker) && error != null && error.startsWith(lastTryError + "\n");
                    if (!ok) {
                        wrong.add("key " + key + ": expected dead after " + maxTries + " tries with '" + lastTryError + "', got " + got);
                    }
                } else {
                    int expectTries = FlakyNumbers.failsFirstTry(key) ? 2 : 1;
                    expectDone++;
                    if (expectTries == 2) {
                        expectRetried++;
                        expectFailedTries++;
                    }
                    boolean ok = Boolean.TRUE.equals(success) && tries != null && tries == expectTries && checkedOnTry != null
                            && checkedOnTry == expectTries && WORKERS.contains(worker) && error == null;
                    if (!ok) {
                        wrong.add("key " + key + ": expected done on try " + expectTries + " with no error, got " + got);
                    }
                }
            }
            assertThat(wrong.size()).as("tasks whose outcome differs from the key rule; the first:%n%s",
                    String.join("\n", wrong.subList(0, Math.min(10, wrong.size())))).isZero();
            assertThat(expectDead).as("the rule makes some tasks die").isPositive();
            assertThat(expectRetried).as("the rule makes some tasks retry").isPositive();

            long[] states = new TaskTable(spec).countStates(db.dsl());
            assertThat(states[3]).as("done").isEqualTo(expectDone);
            assertThat(states[4]).as("dead").isEqualTo(expectDead);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM flaky_numbers WHERE pampa_end_time IS NOT NULL")).isEqualTo(10_000);

            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind = 'task_given_up' AND worker LIKE 'local.%'"
                    + " AND message LIKE 'tries used up (max_try_times) after: %simulated failure%'"))
                    .as("one given-up event per dead task, by the worker, naming the last failure").isEqualTo(expectDead);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind IN ('task_timed_out', 'worker_died', 'late_finish_rejected')"))
                    .as("take-back events in a run where no worker died and no try ran too long").isZero();

            EndToEnd.stopAllAndExpectExitZero(processes);

            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.worker WHERE state = 'stopped'")).isEqualTo(WORKERS.size());
            assertThat(EndToEnd.count(db, "SELECT coalesce(sum(done_count), 0) FROM pampa.worker")).as("tries done, by the workers' count").isEqualTo(expectDone);
            assertThat(EndToEnd.count(db, "SELECT coalesce(sum(failed_count), 0) FROM pampa.worker")).as("tries failed, by the workers' count")
                    .isEqualTo(expectFailedTries);
            assertThat(EndToEnd.count(db, "SELECT count(*) FROM pampa.event WHERE kind = 'worker_stopped'")).isEqualTo(WORKERS.size());
        }
    }

    /** The first line of the error a try of {@code key} stores: the processor's own exception, as the worker writes it. */
    private static String errorOf(long key, int tryNumber) {
        try {
            new FlakyNumbers().process(new Task(key, tryNumber, Map.of("value", key)), new TestTaskContext(JOB.name(), null));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
        throw new AssertionError("key " + key + " does not fail on try " + tryNumber);
    }
}
