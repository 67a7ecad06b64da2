package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.Task;
import dev.pampa.store.Database;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OddNumbersTest {
    private static Map<String, Object> staged(long value) {
        Task task = new Task(value, 1, Map.of("value", value));
        new OddNumbers().process(task, new TestTaskContext("search_odd_numbers", null));
        return task.staged();
    }

    @Test
    void stagesWhetherTheValueIsOdd() {
        assertThat(staged(7)).containsExactly(Map.entry("is_odd", true));
        assertThat(staged(10)).containsExactly(Map.entry("is_odd", false));
        assertThat(staged(0)).containsExactly(Map.entry("is_odd", false));
        assertThat(staged(-3)).containsExactly(Map.entry("is_odd", true));
        assertThat(staged(Long.MAX_VALUE)).containsExactly(Map.entry("is_odd", true));
    }

    @Test
    void runsOverTheNumbersTable() throws Exception {
        try (Database db = Database.open(TestPostgres.freshDatabase(), 2, "test")) {
            SampleJobs.SEARCH_ODD_NUMBERS.tableScript().runOn(db);
            // a tenth of the table keeps the test short; SampleJobsTest checks that the script fills all 100,000
            db.dsl().execute("DELETE FROM numbers WHERE value > 10000");
            InProcessWorker worker = new InProcessWorker(db, SampleJobs.SEARCH_ODD_NUMBERS.spec());

            assertThat(worker.runToEnd(100, Duration.ofMinutes(2))).isEqualTo(10_000);

            long[] states = worker.states();
            assertThat(states[3]).as("done").isEqualTo(10_000);
            assertThat(states[4]).as("dead").isZero();
            assertThat(count(db, "SELECT count(*) FROM numbers WHERE is_odd IS DISTINCT FROM (value % 2 <> 0)"))
                    .as("rows whose is_odd is wrong or missing").isZero();
            assertThat(count(db, "SELECT count(*) FROM numbers WHERE is_odd")).isEqualTo(5_000L);
            assertThat(count(db, "SELECT count(*) FROM numbers WHERE odd_checking_success AND odd_checking_reservation_times = 1"
                    + " AND odd_checking_start_time <= odd_checking_end_time")).isEqualTo(10_000L);
        }
    }

    private static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }
}
