package dev.pampa.work;

import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.store.Database;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A dispatcher and two workers as threads of this JVM: the loops' logic, fast; processes are tested elsewhere. */
class InProcessRunTest {
    @Test
    void everyTaskEndsDoneWithItsResultAndRetriesCountTries() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTables.create(db, "items", 5_000);
            TaskTables.job(db, "parity", "items", "dev.pampa.testing.jobs.ParityProcessor", "queue_size: 200");
            StopSignal stop = new StopSignal();
            JobsPath path = JobsPath.of(Path.of("no-such-dir"));
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> new Dispatcher(db, "test", path, DispatcherSettings.defaults(), stop).run()));
            for (int i = 1; i <= 2; i++) {
                String name = "local." + i;
                threads.add(new Thread(() -> new Worker(db, name, "test", path, WorkerSettings.defaults(), stop).run()));
            }
            threads.forEach(Thread::start);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && TaskTables.count(db, "pampa_success IS TRUE", "items") < 5_000) {
                Thread.sleep(100);
            }
            stop.request();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(TaskTables.count(db, "pampa_success IS TRUE", "items")).isEqualTo(5_000);
            assertThat(TaskTables.count(db, "parity = CASE WHEN id % 2 = 0 THEN 'even' ELSE 'odd' END", "items")).isEqualTo(5_000);
            assertThat(TaskTables.count(db, "pampa_reservation_times = 2", "items")).isEqualTo(5);
            assertThat(TaskTables.count(db, "pampa_reservation_times = 1", "items")).isEqualTo(4_995);
        }
    }

    @Test
    void aJobWhoseResultsCannotBeWrittenEndsDeadWithTheCauseAndDoesNotHoldBackAnother() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTables.create(db, "broken", 20);
            TaskTables.create(db, "fine", 500);
            TaskTables.job(db, "broken", "broken", "dev.pampa.testing.jobs.StagesMissingColumn", "queue_size: 5", "max_try_times: 2");
            TaskTables.job(db, "fine", "fine", "dev.pampa.testing.jobs.ParityProcessor", "queue_size: 50");
            StopSignal stop = new StopSignal();
            JobsPath path = JobsPath.of(Path.of("no-such-dir"));
            List<Thread> threads = List.of(
                    new Thread(() -> new Dispatcher(db, "test", path, DispatcherSettings.defaults(), stop).run()),
                    new Thread(() -> new Worker(db, "local.1", "test", path, WorkerSettings.defaults(), stop).run()));
            threads.forEach(Thread::start);
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline
                    && (TaskTables.count(db, "pampa_end_time IS NULL", "broken") > 0 || TaskTables.count(db, "pampa_end_time IS NULL", "fine") > 0)) {
                Thread.sleep(100);
            }
            stop.request();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(TaskTables.count(db, "pampa_success IS TRUE", "fine")).isEqualTo(500);
            assertThat(TaskTables.count(db, "pampa_success IS FALSE AND pampa_end_time IS NOT NULL AND pampa_reservation_times = 2"
                    + " AND pampa_error_description LIKE 'the result could not be written:%no_such_column%'", "broken")).isEqualTo(20);
        }
    }

    @Test
    void aFailureWhoseMessageHoldsANulByteIsRecordedWithItsCauseNotLost() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTables.create(db, "hostile", 40);
            TaskTables.job(db, "hostile", "hostile", "dev.pampa.testing.jobs.HostileMessages", "queue_size: 10", "max_try_times: 1");
            StopSignal stop = new StopSignal();
            JobsPath path = JobsPath.of(Path.of("no-such-dir"));
            List<Thread> threads = List.of(
                    new Thread(() -> new Dispatcher(db, "test", path, DispatcherSettings.defaults(), stop).run()),
                    new Thread(() -> new Worker(db, "local.1", "test", path, WorkerSettings.defaults(), stop).run()));
            threads.forEach(Thread::start);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && TaskTables.count(db, "pampa_end_time IS NULL", "hostile") > 0) {
                Thread.sleep(100);
            }
            stop.request();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(TaskTables.count(db, "pampa_success IS TRUE", "hostile")).as("the even keys of the same batches").isEqualTo(20);
            assertThat(TaskTables.count(db, "pampa_success IS FALSE AND pampa_error_description LIKE 'java.lang.IllegalStateException: key % breaks % the terminal%'"
                    + " AND position(chr(27) in pampa_error_description) = 0", "hostile")).as("each failure recorded, cleaned").isEqualTo(20);
        }
    }
}
