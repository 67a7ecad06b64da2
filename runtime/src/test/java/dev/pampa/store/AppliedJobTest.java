package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.LockRetry;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AppliedJobTest {
    private static final LockRetry QUICK = new LockRetry(Duration.ofMillis(300), 3, Duration.ofMillis(100));

    private static JobSpec spec() throws Exception {
        return JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()), "test");
    }

    private static TaskTableSetup setup(Database db, JobSpec spec) {
        return new TaskTableSetup(spec, new TaskTableSchema(db.dsl()).read("numbers").orElseThrow());
    }

    /** Every retry the apply reported, as "step title, failed try". */
    private static final class Retries implements DdlListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void retrying(DdlStep step, int failedAttempt, int attempts, Duration pause) {
            heard.add(step.title() + ", try " + failedAttempt + " of " + attempts);
        }
    }

    @Test
    void aTableLockedOnEveryTryFailsAfterTheLastOneAndStoresNothing() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTableFixture.createBareNumbers(db, "numbers");
            JobSpec spec = spec();
            Retries retries = new Retries();

            try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
                other.setAutoCommit(false);
                s.executeQuery("SELECT count(*) FROM numbers").close();
                long start = System.nanoTime();

                assertThatThrownBy(() -> AppliedJob.apply(db, spec, setup(db, spec), "test", QUICK, retries))
                        .isInstanceOf(AppliedJob.TableBusyException.class)
                        .hasMessageStartingWith("table numbers stayed locked by other sessions on each of 3 tries of 300 ms to add 7 tracking columns");

                // 3 tries of 300 ms, pauses of 100 and 200 ms
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                other.rollback();
            }
            assertThat(retries.heard).containsExactly("add 7 tracking columns to numbers, try 1 of 3", "add 7 tracking columns to numbers, try 2 of 3");
            assertThat(new JobStore(db.dsl()).all()).isEmpty();
            assertThat(new TaskTableSchema(db.dsl()).read("numbers").orElseThrow().columns()).containsOnlyKeys("id", "value");
        }
    }

    @Test
    void aLongTransactionOnTheTableIsWaitedOutTryByTryAndEachRetryIsReported() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTableFixture.createBareNumbers(db, "numbers");
            JobSpec spec = spec();
            Retries retries = new Retries();
            LockRetry patient = new LockRetry(Duration.ofMillis(300), 8, Duration.ofMillis(100));

            try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
                other.setAutoCommit(false);
                s.executeQuery("SELECT count(*) FROM numbers").close();
                Thread release = new Thread(() -> {
                    try {
                        Thread.sleep(1_200);
                        other.rollback();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                release.start();

                AppliedJob applied = AppliedJob.apply(db, spec, setup(db, spec), "test", patient, retries);

                release.join();
                assertThat(applied.created()).isTrue();
            }
            assertThat(retries.heard).as("the long transaction held the table for 1.2 s: tries of 300 ms gave way")
                    .isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("add 7 tracking columns to numbers, try "));
            assertThat(new JobStore(db.dsl()).find("odd")).isPresent();
            TaskTableSchema.TableShape shape = new TaskTableSchema(db.dsl()).read("numbers").orElseThrow();
            assertThat(shape.columns()).containsKeys("pampa_reservation_id", "pampa_end_time");
            assertThat(shape.indexes()).contains("numbers_pampa_pending", "numbers_pampa_reserved");
            assertThat(shape.invalidIndexes()).isEmpty();
            assertThat(shape.triggers()).containsExactly("numbers_pampa_new_tasks");
        }
    }
}
