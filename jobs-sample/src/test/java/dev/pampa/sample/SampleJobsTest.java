package dev.pampa.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.TaskProcessor;
import dev.pampa.model.JobSpec;
import dev.pampa.store.Database;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleJobsTest {
    private static final Map<String, Long> ROWS = Map.of(
            "search_odd_numbers", 100_000L, "flaky_numbers", 10_000L, "slow_numbers", 200L);

    @Test
    void everySampleIsAValidJobWhoseProcessorIsInThisJar() throws Exception {
        assertThat(SampleJobs.all()).extracting(SampleJob::name).containsExactly("search_odd_numbers", "flaky_numbers", "slow_numbers");
        for (SampleJob sample : SampleJobs.all()) {
            JobSpec spec = sample.spec();
            assertThat(spec.name()).isEqualTo(sample.name());
            Object processor = Class.forName(spec.processor()).getConstructor().newInstance();
            assertThat(processor).isInstanceOf(TaskProcessor.class);
            assertThat(SampleJobs.named(sample.name())).contains(sample);
        }
        assertThat(SampleJobs.named("nope")).isEmpty();
    }

    @Test
    void theOddNumbersJobKeepsTheRubyOriginalsLayout() {
        JobSpec spec = SampleJobs.SEARCH_ODD_NUMBERS.spec();
        assertThat(spec.table()).isEqualTo("numbers");
        assertThat(spec.fields().byParameter()).containsExactly(
                Map.entry("field_primary_key", "value"),
                Map.entry("field_id", "odd_checking_reservation_id"),
                Map.entry("field_time", "odd_checking_reservation_time"),
                Map.entry("field_times", "odd_checking_reservation_times"),
                Map.entry("field_start_time", "odd_checking_start_time"),
                Map.entry("field_end_time", "odd_checking_end_time"),
                Map.entry("field_success", "odd_checking_success"),
                Map.entry("field_error_description", "odd_checking_error_description"));
        assertThat(spec.processor()).isEqualTo(OddNumbers.class.getName());
    }

    @Test
    void tableScriptsCreateAndFillEachTableOnceWithItsFieldMapAndIndexes() {
        try (Database db = Database.open(TestPostgres.freshDatabase(), 2, "test")) {
            for (SampleJob sample : SampleJobs.all()) {
                JobSpec spec = sample.spec();
                sample.tableScript().runOn(db);
                sample.tableScript().runOn(db);

                long[] states = new TaskTable(spec).countStates(db.dsl());
                assertThat(states[0]).as("%s pending", sample.name()).isEqualTo(ROWS.get(sample.name()));
                assertThat(states[1] + states[2] + states[3] + states[4]).as("%s not pending", sample.name()).isZero();

                List<String> columns = db.dsl().fetch(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?",
                        spec.table()).getValues(0, String.class);
                assertThat(columns).as("%s columns", spec.table()).containsAll(spec.fields().byParameter().values());

                List<String> indexes = db.dsl().fetch("SELECT indexname FROM pg_indexes WHERE tablename = ?", spec.table())
                        .getValues(0, String.class);
                assertThat(indexes).contains(spec.table() + "_pending", spec.table() + "_reserved");
            }
        }
    }
}
