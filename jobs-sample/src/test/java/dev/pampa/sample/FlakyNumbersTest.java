package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.api.Task;
import dev.pampa.store.Database;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FlakyNumbersTest {
    private static final TestTaskContext CTX = new TestTaskContext("flaky_numbers", null);

    private static Task run(long key, int tryNumber) {
        Task task = new Task(key, tryNumber, Map.of("value", key));
        new FlakyNumbers().process(task, CTX);
        return task;
    }

    @Test
    void theRuleDependsOnTheKeyAlone() {
        assertThat(FlakyNumbers.failsFirstTry(7)).isTrue();
        assertThat(FlakyNumbers.failsFirstTry(8)).isFalse();
        assertThat(FlakyNumbers.alwaysFails(50)).isTrue();
        assertThat(FlakyNumbers.alwaysFails(49)).isFalse();
        assertThat(FlakyNumbers.alwaysFails(350)).isTrue();
        assertThat(FlakyNumbers.failsFirstTry(350)).as("350 always fails, so it is not counted as failing its first try only").isFalse();
    }

    @Test
    void failsWithAMessageNamingTheKeyAndTheRule() {
        assertThatThrownBy(() -> run(7, 1)).hasMessage("simulated failure: key 7 fails its first try (multiple of 7)");
        assertThat(run(7, 2).staged()).containsExactly(Map.entry("checked_on_try", 2));
        assertThat(run(8, 1).staged()).containsExactly(Map.entry("checked_on_try", 1));
        assertThatThrownBy(() -> run(350, 3)).hasMessage("simulated failure: key 350 always fails (multiple of 50), try 3");
    }

    @Test
    void overItsTableSomeTasksRetryAndSomeEndDead() throws Exception {
        long dead = LongStream.rangeClosed(1, 10_000).filter(FlakyNumbers::alwaysFails).count();
        long retried = LongStream.rangeClosed(1, 10_000).filter(FlakyNumbers::failsFirstTry).count();
        assertThat(dead).isEqualTo(200);
        assertThat(retried).isEqualTo(1_400);

        try (Database db = Database.open(TestPostgres.freshDatabase(), 2, "test")) {
            SampleJobs.FLAKY_NUMBERS.tableScript().runOn(db);
            InProcessWorker worker = new InProcessWorker(db, SampleJobs.FLAKY_NUMBERS.spec());

            int tries = worker.runToEnd(100, Duration.ofMinutes(2));

            long[] states = worker.states();
            assertThat(states[3]).as("done").isEqualTo(10_000 - dead);
            assertThat(states[4]).as("dead").isEqualTo(dead);
            assertThat(tries).isEqualTo((10_000 - dead - retried) + 2 * retried + 3 * dead);
            assertThat(count(db, "SELECT count(*) FROM flaky_numbers WHERE checked_on_try = 2")).isEqualTo(retried);
            assertThat(count(db, "SELECT count(*) FROM flaky_numbers WHERE pampa_success = false AND pampa_reservation_times = 3"
                    + " AND pampa_error_description LIKE 'simulated failure: key % always fails%'")).isEqualTo(dead);

            SampleJobs.FLAKY_NUMBERS.resetScript().runOn(db);

            long[] afterReset = worker.states();
            assertThat(afterReset[0]).as("pending after reset").isEqualTo(10_000);
            assertThat(afterReset[3] + afterReset[4] + afterReset[5]).isZero();
            assertThat(count(db, "SELECT count(*) FROM flaky_numbers WHERE checked_on_try IS NOT NULL")).isZero();
        }
    }

    private static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }
}
