package dev.pampa.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.ExitCode;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run on one row: the processor in a JVM of its own, nothing written until asked. */
class RowTrialsTest {
    @TempDir
    Path jobs;

    private static Database open(DbUrl url) {
        Database db = Database.open(url, 3, "test");
        db.migrate();
        return db;
    }

    private static String row(Database db, long id) {
        return TaskTables.string(db, "SELECT coalesce(parity, '-') || ' ' || coalesce(pampa_reservation_times, 0) || ' ' "
                + "|| coalesce(pampa_success::text, '-') || ' ' || (pampa_end_time IS NOT NULL) FROM items WHERE id = " + id);
    }

    @Test
    void theOutcomeIsShownNotWrittenThenWrittenAsShown() {
        try (Database db = open(TestPostgres.freshDatabase())) {
            TaskTables.create(db, "items", 1000);
            TaskTables.job(db, "parity", "items", "dev.pampa.testing.jobs.ParityProcessor");
            RowTrials trials = new RowTrials(db, jobs);

            RowTrialOutcome four = trials.dryRun("parity", "4", Duration.ofSeconds(60));
            RowTrialOutcome thousand = trials.dryRun("parity", "1000", Duration.ofSeconds(60));
            RowTrialOutcome missing = trials.dryRun("parity", "5000", Duration.ofSeconds(60));

            assertThat(four.kind()).as(four.describe()).isEqualTo(RowTrialOutcome.Kind.DONE);
            assertThat(four.columns()).isEqualTo(Map.of("parity", "even"));
            assertThat(four.state()).isEqualTo(TaskDetail.State.PENDING);
            assertThat(four.describe()).contains("It would write:\n  parity = even");
            assertThat(row(db, 4)).as("nothing written").isEqualTo("- 0 - false");
            assertThat(thousand.kind()).isEqualTo(RowTrialOutcome.Kind.FAILED);
            assertThat(thousand.error()).startsWith("java.lang.IllegalStateException: first try of 1000 fails on purpose");
            assertThat(thousand.writable()).isFalse();
            assertThat(row(db, 1000)).isEqualTo("- 0 - false");
            assertThat(missing.kind()).isEqualTo(RowTrialOutcome.Kind.REFUSED);
            assertThat(missing.problem()).startsWith("job parity has no task with the key 5000");

            TaskOperations.Outcome written = trials.write("parity", "4", four, "a test");
            assertThat(written.acted()).as(written.message()).isTrue();
            assertThat(row(db, 4)).isEqualTo("even 1 true true");
            assertThat(trials.write("parity", "4", four, "a test").acted()).as("a done task is not written twice").isFalse();
            assertThat(TaskTables.count(db, "kind = 'task_tried'", "pampa.event")).isEqualTo(1);
        }
    }

    @Test
    void aProcessorThatExitsItsJvmOrHangsTakesOnlyTheTrialsProcessDown() {
        try (Database db = open(TestPostgres.freshDatabase())) {
            TaskTables.create(db, "items", 10);
            TaskTables.job(db, "exits", "items", "dev.pampa.testing.jobs.ExitingProcessor");
            TaskTables.job(db, "hangs", "items", "dev.pampa.testing.jobs.IgnoresInterruption");
            RowTrials trials = new RowTrials(db, jobs);

            RowTrialOutcome exited = trials.dryRun("exits", "7", Duration.ofSeconds(60));
            long t0 = System.nanoTime();
            RowTrialOutcome hung = trials.dryRun("hangs", "3", Duration.ofSeconds(3));
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(exited.kind()).isEqualTo(RowTrialOutcome.Kind.CRASHED);
            assertThat(exited.problem()).contains("ended with exit code 4 without an answer");
            assertThat(hung.kind()).isEqualTo(RowTrialOutcome.Kind.CRASHED);
            assertThat(hung.problem()).startsWith("the trial ran longer than 3 s and its process was killed");
            assertThat(seconds).as("killed at its timeout, not at max_job_duration_minutes").isLessThan(30);
            // the hung processor's own write (its run record) was rolled back with its process
            assertThat(TaskTables.count(db, "true", "runs")).isZero();
            assertThat(TaskTables.count(db, "pampa_end_time IS NOT NULL OR pampa_reservation_times IS NOT NULL", "items")).isZero();
        }
    }

    @Test
    void jobTryPrintsTheOutcomeAndWritesOnlyWithWrite() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url)) {
            TaskTables.create(db, "items", 10);
            TaskTables.job(db, "parity", "items", "dev.pampa.testing.jobs.ParityProcessor");
            String dbArg = "--db=" + url.withCredentials();

            CliRun dry = CliRun.of("job", "try", "parity", "--key", "3", "--jobs-dir", jobs.toString(), dbArg);
            assertThat(dry.exitCode()).as(dry.toString()).isEqualTo(ExitCode.OK);
            assertThat(dry.out()).contains("It would write:\n  parity = odd").contains("Nothing written: add --write to write it.");
            assertThat(row(db, 3)).isEqualTo("- 0 - false");

            CliRun write = CliRun.of("job", "try", "parity", "--key", "3", "--write", "--jobs-dir", jobs.toString(), dbArg);
            assertThat(write.exitCode()).as(write.toString()).isEqualTo(ExitCode.OK);
            assertThat(write.out()).contains("task 3 of job parity written: done with parity");
            assertThat(row(db, 3)).isEqualTo("odd 1 true true");
        }
    }
}
