package dev.pampa.store.monitor;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.report.ErrorGroup;
import dev.pampa.report.ErrorGroupPage;
import dev.pampa.report.ErrorOrder;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.pampa.store.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The errors screen on a real database: groups by fingerprint with true totals, a task looked up in any state, and retries the dispatcher picks up. */
class TaskErrorsTest {
    private static final String TIMEOUT = "java.net.SocketTimeoutException: Read timed out";
    private static final String T0 = "timestamptz '2026-01-01 12:00:00+00'";
    private static final String REFUSED = "java.lang.IllegalStateException: invoice refused";

    private Database db;
    private TaskErrors errors;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 10);
        TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "max_try_times: 3");
        // 1 and 2 dead of a timeout, their stack traces differing in line numbers; 3 dead of a refusal
        dead(1, TIMEOUT + "\n\tat com.example.Gateway.read(Gateway.java:41)\n", "10 minutes");
        dead(2, TIMEOUT + "\r\n\tat com.example.Gateway.read(Gateway.java:57)\n", "5 minutes");
        dead(3, REFUSED + "\n\tat com.example.Charge.process(Charge.java:12)\n", "1 minute");
        // 4 failed once of a refusal and waits for its second try; 5 is done; 6 runs
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_times = 1, pampa_reservation_time = " + T0 + " - interval '30 seconds', "
                + "pampa_success = false, pampa_error_description = '" + REFUSED + "\n\tat com.example.Charge.process(Charge.java:19)' WHERE id = 4");
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.1', pampa_reservation_times = 2, pampa_start_time = now(), "
                + "pampa_end_time = now(), pampa_success = true WHERE id = 5");
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.1', pampa_reservation_times = 1, pampa_start_time = now() WHERE id = 6");
        errors = new TaskErrors(db.dsl());
    }

    private void dead(int id, String error, String ago) {
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.1', pampa_reservation_time = " + T0 + " - interval '1 hour', "
                + "pampa_reservation_times = 3, pampa_start_time = " + T0 + " - interval '" + ago + "', pampa_end_time = " + T0 + " - interval '" + ago
                + "', pampa_success = false, pampa_error_description = '" + error + "' WHERE id = " + id);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void failedAndDeadTasksGroupByFingerprint() {
        ErrorGroupPage page = errors.groups("j");
        List<ErrorGroup> groups = page.groups();
        assertThat(groups).extracting(ErrorGroup::message).containsExactly(REFUSED, TIMEOUT);
        assertThat(groups).extracting(ErrorGroup::frame).containsExactly("com.example.Charge.process", "com.example.Gateway.read");
        ErrorGroup refused = groups.get(0);
        assertThat(refused.count()).isEqualTo(2);
        assertThat(refused.dead()).isEqualTo(1);
        assertThat(refused.sampleKeys()).as("latest failure first: 4 failed 30 s ago").containsExactly("4", "3");
        ErrorGroup timeout = groups.get(1);
        assertThat(timeout.count()).isEqualTo(2);
        assertThat(timeout.dead()).isEqualTo(2);
        assertThat(timeout.sampleKeys()).containsExactly("2", "1");
        assertThat(java.time.Duration.between(timeout.firstSeen(), timeout.lastSeen())).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(page.totalGroups()).isEqualTo(2);
        assertThat(page.totalTasks()).isEqualTo(4);
        assertThat(page.totalDead()).isEqualTo(3);
        ErrorGroupPage latest = errors.groups("j", ErrorOrder.LATEST, 0, 1, 1);
        assertThat(latest.groups()).singleElement().satisfies(g -> assertThat(g.sampleKeys()).containsExactly("4"));
        assertThat(latest.totalGroups()).as("totals count every group, not the page").isEqualTo(2);
        ErrorGroupPage second = errors.groups("j", ErrorOrder.MOST_TASKS, 1, 1, 5);
        assertThat(second.groups()).extracting(ErrorGroup::message).containsExactly(TIMEOUT);
        ErrorGroupPage beyond = errors.groups("j", ErrorOrder.MOST_TASKS, 5, 1, 5);
        assertThat(beyond.groups()).isEmpty();
        assertThat(beyond.totalTasks()).isEqualTo(4);
    }

    @Test
    void messagesThatNameTheirKeyOrIdsFoldIntoOneGroupWhoseTotalsMatchTheTable() {
        TaskTables.create(db, "many", 10_000);
        TaskTables.job(db, "m", "many", "dev.pampa.testing.NoopProcessor", "max_try_times: 1");
        // 10,000 distinct messages: the key, an amount, a hex id and a quoted name in each; two frames
        TaskTables.execute(db, "UPDATE many SET pampa_reservation_times = 1, pampa_start_time = now(), pampa_end_time = now() - id * interval '1 second', "
                + "pampa_success = false, pampa_error_description = format('java.lang.IllegalStateException: key %s always fails (amount %s.%s EUR, "
                + "request 0x%s, customer ''%s'')', id, id * 3, id % 100, to_hex(id * 7919), md5(id::text))"
                + " || CASE WHEN id % 4 = 0 THEN E'\n\tat com.acme.Billing.charge(Billing.java:' || id % 50 || E')\n\tat dev.pampa.work.Worker.run(Worker.java:1)'"
                + " ELSE E'\n\tat java.util.Objects.requireNonNull(Objects.java:1)\n\tat com.acme.Billing.refund(Billing.java:' || id || ')' END");
        ErrorGroupPage page = errors.groups("m");
        assertThat(page.groups()).extracting(ErrorGroup::message)
                .containsOnly("java.lang.IllegalStateException: key N always fails (amount N EUR, request <hex>, customer '…')");
        assertThat(page.groups()).extracting(ErrorGroup::frame).containsExactly("com.acme.Billing.refund", "com.acme.Billing.charge");
        assertThat(page.groups()).extracting(ErrorGroup::count).containsExactly(7_500L, 2_500L);
        assertThat(page.totalTasks()).isEqualTo(TaskTables.count(db, "pampa_end_time IS NOT NULL AND pampa_success IS NOT TRUE", "many"));
        assertThat(page.totalDead()).isEqualTo(10_000);
        assertThat(page.groups().get(0).sampleKeys()).as("latest first, keys in number order").containsExactly("1", "2", "3", "5", "6");
        assertThat(page.groups().get(0).example()).isEqualTo(TaskTables.string(db, "SELECT split_part(pampa_error_description, E'\n', 1) FROM many WHERE id = 1"));
        assertThat(errors.retryGroup("m", page.groups().get(1).key())).isEqualTo(2_500);
        assertThat(errors.groups("m").totalDead()).isEqualTo(7_500);
    }

    @Test
    void aTaskIsFoundInAnyStateWithItsRowsValues() {
        TaskDetail dead = errors.lookUp("j", "2").orElseThrow();
        assertThat(dead.state()).isEqualTo(TaskDetail.State.DEAD);
        assertThat(dead.tries()).isEqualTo(3);
        assertThat(dead.worker()).isEqualTo("n01.1");
        assertThat(dead.error()).startsWith(TIMEOUT).contains("Gateway.java:57");
        assertThat(dead.values()).containsEntry("id", "2").containsEntry("work_ms", "0").containsKey("parity");
        assertThat(errors.lookUp("j", "4").orElseThrow().state()).isEqualTo(TaskDetail.State.WAITING_RETRY);
        assertThat(errors.lookUp("j", "5").orElseThrow().state()).isEqualTo(TaskDetail.State.DONE);
        assertThat(errors.lookUp("j", "6").orElseThrow().state()).isEqualTo(TaskDetail.State.RUNNING);
        assertThat(errors.lookUp("j", "7").orElseThrow().state()).isEqualTo(TaskDetail.State.PENDING);
        TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n01.2', pampa_reservation_time = now() WHERE id = 8");
        assertThat(errors.lookUp("j", "8").orElseThrow().state()).isEqualTo(TaskDetail.State.QUEUED);
        assertThat(errors.lookUp("j", "999")).isEmpty();
        assertThat(errors.lookUp("j", "not a number")).isEmpty();
        assertThatThrownBy(() -> errors.lookUp("nope", "1")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aDoneTaskRunsAgainAndOnlyADoneOne() {
        assertThat(errors.runAgain("j", "3")).as("dead tasks are retried, not run again").isZero();
        assertThat(errors.runAgain("j", "5")).isEqualTo(1);
        assertThat(errors.lookUp("j", "5").orElseThrow().state()).isEqualTo(TaskDetail.State.PENDING);
        assertThat(errors.runAgain("j", "5")).isZero();
    }

    @Test
    void aRetriedTaskIsPendingAsIfNewAndTheDispatcherQueuesIt() {
        assertThat(errors.retryTask("j", "3")).isEqualTo(1);
        assertThat(errors.retryTask("j", "5")).as("done tasks stay done").isZero();
        assertThat(errors.retryTask("j", "6")).as("running tasks are the worker's").isZero();
        assertThat(TaskTables.string(db, "SELECT concat_ws(',', pampa_reservation_id, pampa_reservation_times, pampa_start_time, "
                + "pampa_end_time, pampa_success, pampa_error_description) FROM items WHERE id = 3")).isEqualTo("0");
        assertThat(events()).containsExactly("3|1 task(s) put back to pending by the operator: task 3");

        new WorkerRegistry(db.dsl()).register("n02.1", "n02", "test", 0, "test", "inc", 10);
        Dispatcher dispatcher = new Dispatcher(db, "test", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), new StopSignal());
        new DispatcherLease(db.dsl(), 60).tryHold(dispatcher.holder(), "test", 0);
        dispatcher.round();
        assertThat(TaskTables.string(db, "SELECT pampa_reservation_id FROM items WHERE id = 3")).isEqualTo("n02.1");
    }

    @Test
    void retryingAGroupPutsBackItsDeadTasksOnly() {
        String timeout = TIMEOUT + " @ com.example.Gateway.read";
        String refused = REFUSED + " @ com.example.Charge.process";
        assertThat(errors.groups("j").groups()).extracting(ErrorGroup::key).containsExactly(refused, timeout);
        assertThat(errors.retryGroup("j", timeout)).isEqualTo(2);
        assertThat(TaskTables.count(db, "pampa_reservation_times = 0 AND pampa_end_time IS NULL AND pampa_reservation_id IS NULL", "items"))
                .isEqualTo(2);
        assertThat(errors.retryGroup("j", refused)).as("3 is dead, 4 still has tries").isEqualTo(1);
        assertThat(errors.lookUp("j", "4").orElseThrow().state()).isEqualTo(TaskDetail.State.WAITING_RETRY);
        assertThat(errors.groups("j").groups()).singleElement().satisfies(g -> assertThat(g.sampleKeys()).containsExactly("4"));
        assertThat(errors.retryGroup("j", refused)).isZero();
        assertThat(events()).containsExactly(
                "|2 task(s) put back to pending by the operator: the dead tasks failing with: " + timeout,
                "|1 task(s) put back to pending by the operator: the dead tasks failing with: " + refused);
    }

    @Test
    void retryingAllDeadLeavesNoDeadTask() {
        assertThat(errors.retryAllDead("j")).isEqualTo(3);
        assertThat(TaskTables.count(db, "pampa_end_time IS NOT NULL AND pampa_success IS NOT TRUE", "items")).isZero();
        assertThat(TaskTables.count(db, "pampa_reservation_id IS NULL AND pampa_end_time IS NULL AND coalesce(pampa_reservation_times, 0) = 0", "items"))
                .as("1, 2, 3 and the never-tried 7..10").isEqualTo(7);
        assertThat(errors.retryAllDead("j")).isZero();
        assertThat(events()).containsExactly("|3 task(s) put back to pending by the operator: all dead tasks");
    }

    private List<String> events() {
        return db.dsl().select(EVENT.TASK_KEY, EVENT.MESSAGE).from(EVENT).where(EVENT.KIND.eq("task_retried").and(EVENT.JOB.eq("j")))
                .orderBy(EVENT.ID).fetch(r -> (r.value1() == null ? "" : r.value1()) + "|" + r.value2());
    }
}
