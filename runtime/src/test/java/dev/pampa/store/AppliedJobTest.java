package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppliedJobTest {
    @Test
    void lockedTableFailsWithinTheTimeoutAndStoresNothing() throws Exception {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTableFixture.createBareNumbers(db, "numbers");
            JobSpec spec = JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()), "test");
            TaskTableSchema.TableShape shape = new TaskTableSchema(db.dsl()).read("numbers").orElseThrow();
            TaskTableSetup setup = new TaskTableSetup(spec, shape);

            try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
                other.setAutoCommit(false);
                s.executeQuery("SELECT count(*) FROM numbers").close();
                long start = System.nanoTime();

                assertThatThrownBy(() -> AppliedJob.apply(db.dsl(), spec, setup, "test", Duration.ofMillis(300)))
                        .isInstanceOf(AppliedJob.TableBusyException.class)
                        .hasMessageStartingWith("table numbers stayed locked by other sessions");

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                other.rollback();
            }
            assertThat(new JobStore(db.dsl()).all()).isEmpty();
            assertThat(new TaskTableSchema(db.dsl()).read("numbers").orElseThrow().columns()).containsOnlyKeys("id", "value");
        }
    }
}
