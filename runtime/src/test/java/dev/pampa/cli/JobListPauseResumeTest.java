package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobListPauseResumeTest {
    Database db;
    String url;

    @BeforeEach
    void database() {
        db = TestPostgres.migratedDatabase();
        url = db.url().withCredentials();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void storeJob(String name, String table) throws Exception {
        new JobStore(db.dsl()).save(JobYaml.parse(TaskTableFixture.yaml(name, table, NoopProcessor.class.getName()), "test"));
    }

    private boolean paused(String name) {
        return new JobStore(db.dsl()).find(name).orElseThrow().paused();
    }

    @Test
    void listShowsEachJobWithItsLiveCounts() throws Exception {
        TaskTableFixture.createNumbers(db);
        TaskTableFixture.insertNumbers(db, 5);
        db.dsl().execute("UPDATE numbers SET pampa_end_time = now(), pampa_success = true WHERE id <= 2");
        storeJob("odd", "numbers");
        storeJob("lost", "gone");
        new JobStore(db.dsl()).setPaused("lost", true);

        CliRun run = CliRun.of("job", "list", "--db", url);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "NAME  TABLE    PROCESSOR                        QUEUE_SIZE  PAUSED  PENDING  QUEUED  RUNNING  DONE  DEAD",
                "lost  gone     dev.pampa.testing.NoopProcessor  5           yes     -        -       -        -     -",
                "odd   numbers  dev.pampa.testing.NoopProcessor  5           no      3        0       0        2     0",
                "note: lost: table gone is missing");
    }

    @Test
    void listWithoutJobsSaysHowToAddOne() {
        CliRun run = CliRun.of("job", "list", "--db", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("no job is stored yet");
    }

    @Test
    void pauseAndResumeFlipTheFlag() throws Exception {
        storeJob("odd", "numbers");

        CliRun pause = CliRun.of("job", "pause", "odd", "--db", url);
        assertThat(pause.exitCode()).isZero();
        assertThat(pause.out()).startsWith("job odd paused");
        assertThat(paused("odd")).isTrue();

        CliRun again = CliRun.of("job", "pause", "odd", "--db", url);
        assertThat(again.out()).startsWith("job odd is already paused");
        assertThat(paused("odd")).isTrue();

        CliRun resume = CliRun.of("job", "resume", "odd", "--db", url);
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.out()).startsWith("job odd resumed");
        assertThat(paused("odd")).isFalse();
    }

    @Test
    void unknownJobExitsSixNamingTheKnownJobs() throws Exception {
        storeJob("odd", "numbers");
        storeJob("even", "numbers");

        CliRun run = CliRun.of("job", "pause", "od", "--db", url);

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNKNOWN_JOB);
        assertThat(run.errLines()).containsExactly("pampa: no job named od (known jobs: even, odd) — did you mean odd?");
        assertThat(paused("odd")).isFalse();
    }

    @Test
    void unknownJobWithNoJobStoredSaysHowToStoreOne() {
        CliRun run = CliRun.of("job", "resume", "odd", "--db", url);

        assertThat(run.exitCode()).isEqualTo(ExitCode.UNKNOWN_JOB);
        assertThat(run.errLines()).singleElement().asString().startsWith("pampa: no job named odd: no job is stored yet — ");
    }

    @Test
    void jobWithoutSubcommandIsAUsageError() {
        CliRun run = CliRun.of("job");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("Missing required subcommand").contains("apply").contains("pause");
    }
}
