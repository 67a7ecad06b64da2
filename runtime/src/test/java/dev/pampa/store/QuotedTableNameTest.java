package dev.pampa.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.SelectingFunction;
import dev.pampa.model.JobSpec;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/** A task table whose name holds a dot, written quoted in the job, is found and dispatched like any other. */
class QuotedTableNameTest {

    @Test
    void aDottedTableNameWorksWhenQuoted() {
        try (Database db = TestPostgres.migratedDatabase()) {
            TaskTables.create(db, "\"batch.2026\"", 10);
            JobSpec job = TaskTables.job(db, "dotted", "'\"batch.2026\"'", "com.example.Noop");

            assertThat(new TaskTableSchema(db.dsl()).read(job.table())).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("batch.2026"));
            int claimed = new TaskTable(job).claim(db.dsl(), "n01.1", 4, SelectingFunction.DEFAULT);

            assertThat(claimed).isEqualTo(4);
            assertThat(TaskTables.count(db, "pampa_reservation_id = 'n01.1'", "\"batch.2026\"")).isEqualTo(4);
        }
    }
}
