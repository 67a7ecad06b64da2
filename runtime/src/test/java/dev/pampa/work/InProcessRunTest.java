package dev.pampa.work;

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
}
