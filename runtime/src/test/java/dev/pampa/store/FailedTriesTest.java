package dev.pampa.store;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.model.JobSpec;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.pampa.store.schema.Tables.JOB_STATS;
import static org.assertj.core.api.Assertions.assertThat;

/** Failed tries derived from the task table's try counters, and the dispatcher's snapshot that keeps them. */
class FailedTriesTest {
    private Database db;
    private JobSpec job;

    @BeforeEach
    void setUp() {
        db = TestPostgres.migratedDatabase();
        TaskTables.create(db, "items", 10);
        job = TaskTables.job(db, "j", "items", "dev.pampa.testing.NoopProcessor", "max_try_times: 3");
        String set = "UPDATE items SET ";
        // 1, 2: never tried (pending); 3: done on its first try; 4: done on its third try (2 failed)
        TaskTables.execute(db, set + "pampa_reservation_times = 1, pampa_start_time = now(), pampa_end_time = now(), pampa_success = true WHERE id = 3");
        TaskTables.execute(db, set + "pampa_reservation_times = 3, pampa_start_time = now(), pampa_end_time = now(), pampa_success = true WHERE id = 4");
        // 5: dead after 3 tries (3 failed); 6: waiting for its second try (1 failed)
        TaskTables.execute(db, set + "pampa_reservation_times = 3, pampa_start_time = now(), pampa_end_time = now(), pampa_success = false, "
                + "pampa_error_description = 'boom' WHERE id = 5");
        TaskTables.execute(db, set + "pampa_reservation_times = 1, pampa_reservation_time = now(), pampa_success = false, "
                + "pampa_error_description = 'boom' WHERE id = 6");
        // 7: running its second try (1 failed); 8: queued again after two failed tries (2 failed)
        TaskTables.execute(db, set + "pampa_reservation_id = 'n01.1', pampa_reservation_times = 2, pampa_start_time = now(), pampa_success = false WHERE id = 7");
        TaskTables.execute(db, set + "pampa_reservation_id = 'n01.1', pampa_reservation_times = 2, pampa_success = false WHERE id = 8");
        // 9: queued, never started; 10: running its first try
        TaskTables.execute(db, set + "pampa_reservation_id = 'n01.1' WHERE id = 9");
        TaskTables.execute(db, set + "pampa_reservation_id = 'n01.1', pampa_reservation_times = 1, pampa_start_time = now() WHERE id = 10");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void failedTriesAreTheTriesUsedLessTheRunningOrSuccessfulOne() {
        long[] c = new TaskTable(job).countStates(db.dsl());
        assertThat(c).hasSize(TaskTable.STATE_COUNT_COLUMNS);
        // pending 1, 2, 6; queued 8, 9; running 7, 10; done 3, 4; dead 5; retrying 6; none cancelled
        assertThat(c).containsExactly(3, 2, 2, 2, 1, 1, 2 + 3 + 1 + 1 + 2, 0);
    }

    @Test
    void theDispatchersSnapshotRecordsTheFailedTries() {
        Dispatcher dispatcher = new Dispatcher(db, "test", JobsPath.of(Path.of("none")), DispatcherSettings.defaults(), new StopSignal());
        new DispatcherLease(db.dsl(), 60).tryHold(dispatcher.holder(), "test", 0);
        dispatcher.round();
        var snapshot = db.dsl().selectFrom(JOB_STATS).where(JOB_STATS.JOB.eq("j")).fetchOne();
        assertThat(snapshot.getDone()).isEqualTo(2);
        assertThat(snapshot.getDead()).isEqualTo(1);
        assertThat(snapshot.getFailed()).isEqualTo(9);
    }
}
