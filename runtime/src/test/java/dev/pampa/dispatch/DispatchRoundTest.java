package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.JobStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Dispatcher rounds on a real database, with registered workers that run nothing: who gets what. */
class DispatchRoundTest {
    private Database db;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 1_000);
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        for (String w : new String[] {"n01.1", "n01.2", "n02.1", "n02.2"}) {
            workers.register(w, w.substring(0, 3), "test", 0, "test", "inc-" + w, 10);
        }
        dispatcher = new Dispatcher(db, "test", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), new StopSignal());
        new DispatcherLease(db.dsl(), 60).tryHold(dispatcher.holder(), "test", 0);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private long queuedFor(String worker) {
        return TaskTables.count(db, "pampa_reservation_id = '" + worker + "' AND pampa_start_time IS NULL", "items");
    }

    @Test
    void fillsEachLiveWorkersQueueUpToQueueSize() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 7");
        dispatcher.round();
        for (String w : new String[] {"n01.1", "n01.2", "n02.1", "n02.2"}) {
            assertThat(queuedFor(w)).as(w).isEqualTo(7);
        }
        dispatcher.round();
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL", "items")).as("full queues get no more").isEqualTo(28);
    }

    @Test
    void elasticAssignmentUsesOneWorkerPerMaxPendingTasksUpToTheMaximum() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 10",
                "max_assigned_workers: 3", "max_pending_tasks: 400", "filter_worker_id: 'n0[12]\\..*'");
        dispatcher.round();
        assertThat(TaskTables.count(db, "true", "pampa.assignment")).isEqualTo(3);
        long workersWithTasks = TaskTables.count(db, "true", "(SELECT DISTINCT pampa_reservation_id FROM items WHERE pampa_reservation_id IS NOT NULL) w");
        assertThat(workersWithTasks).as("1,000 pending at 400 per worker, capped at 3").isEqualTo(3);
    }

    @Test
    void aPausedJobGetsNoDispatchAndItsQueuesAreGivenBack() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5");
        dispatcher.round();
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL", "items")).isEqualTo(20);
        new JobStore(db.dsl()).setPaused("j", true);
        TaskTables.execute(db, "UPDATE items SET pampa_start_time = now(), pampa_reservation_times = 1 WHERE id IN (SELECT id FROM items WHERE pampa_reservation_id = 'n01.1' LIMIT 1)");
        Dispatcher fresh = new Dispatcher(db, "test2", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), new StopSignal());
        new DispatcherLease(db.dsl(), 60).tryHold(fresh.holder(), "test", 0);
        TaskTables.execute(db, "UPDATE pampa.dispatcher_lease SET holder = '" + fresh.holder() + "', expires_at = now() + interval '60 seconds'");
        fresh.round();
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL AND pampa_start_time IS NULL", "items")).as("queued ones given back").isZero();
        assertThat(TaskTables.count(db, "pampa_start_time IS NOT NULL AND pampa_end_time IS NULL", "items")).as("the running one keeps running").isEqualTo(1);
    }

    @Test
    void theSelectingFunctionChoosesAndOrdersTheRowsReserved() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 2",
                "selecting_function: dev.pampa.testing.jobs.EvenKeysFirst", "filter_worker_id: 'n01\\.1'");
        dispatcher.round();
        assertThat(TaskTables.string(db, "SELECT string_agg(id::text, ',' ORDER BY id DESC) FROM items WHERE pampa_reservation_id = 'n01.1'"))
                .isEqualTo("1000,998");
    }

    @Test
    void theAllowingAndOccupiedFunctionsDecideWhoGetsMore() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5",
                "allowing_function: dev.pampa.testing.jobs.OnlyNodeOne", "occupied_function: dev.pampa.testing.jobs.CountRunningToo");
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.2', pampa_start_time = now(), pampa_reservation_times = 1 WHERE id IN (1, 2, 3, 4)");
        dispatcher.round();
        assertThat(queuedFor("n01.1")).as("allowed: filled to queue_size").isEqualTo(5);
        assertThat(queuedFor("n01.2")).as("4 running count as occupied: not allowed past 3").isZero();
        assertThat(queuedFor("n02.1") + queuedFor("n02.2")).as("not allowed").isZero();
    }

    @Test
    void theRelaunchingFunctionPutsEndedRowsBackToWork() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5",
                "relaunching_function: dev.pampa.testing.jobs.RelaunchFirstTen");
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'old.1', pampa_reservation_times = 1, pampa_start_time = now(),"
                + " pampa_end_time = now(), pampa_success = true");
        dispatcher.round();
        assertThat(TaskTables.count(db, "pampa_end_time IS NULL", "items")).as("keys 1..10 relaunched").isEqualTo(10);
        assertThat(TaskTables.count(db, "pampa_end_time IS NULL AND coalesce(pampa_reservation_times, 0) = 0", "items")).isEqualTo(10);
    }

    @Test
    void aFailedTaskWaitsForItsRetryDelay() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5", "retry_delay_seconds: 60");
        TaskTables.execute(db, "UPDATE items SET pampa_end_time = now(), pampa_success = true WHERE id > 2");
        TaskTables.execute(db, "UPDATE items SET pampa_success = false, pampa_reservation_times = 1, pampa_reservation_time = now() WHERE id = 1");
        TaskTables.execute(db, "UPDATE items SET pampa_success = false, pampa_reservation_times = 1, pampa_reservation_time = now() - interval '61 seconds' WHERE id = 2");
        dispatcher.round();
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL", "items")).as("only the one past its delay").isEqualTo(1);
        assertThat(TaskTables.string(db, "SELECT id::text FROM items WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL")).isEqualTo("2");
    }

    @Test
    void aWorkerThatCannotRunTheJobGetsNoneOfItsTasks() {
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5");
        new WorkerRegistry(db.dsl()).reportJobProblem("n02.2", "j", "class not found");
        dispatcher.round();
        assertThat(queuedFor("n02.2")).isZero();
        assertThat(queuedFor("n01.1")).isEqualTo(5);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFilterThatBacktracksWithoutEndSetsItsJobAsideAndTheOthersKeepFlowing() {
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        String longName = "a".repeat(60) + ".1";
        workers.register(longName, "aaa", "test", 0, "test", "inc-long", 10);
        TaskTables.create(db, "other_items", 100);
        TaskTables.job(db, "evil", "items", "dev.pampa.testing.NoopProcessor", "queue_size: 5", "filter_worker_id: '(.*a){20}\\.9'");
        TaskTables.job(db, "fine", "other_items", "dev.pampa.testing.NoopProcessor", "queue_size: 5");
        long t0 = System.nanoTime();

        dispatcher.round();

        assertThat((System.nanoTime() - t0) / 1_000_000).as("the round's ms").isLessThan(30_000);
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL", "other_items")).as("the other job flows").isEqualTo(25);
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL", "items")).as("the costly filter's job waits").isZero();
    }
}
