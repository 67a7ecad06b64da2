package dev.pampa.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job facade on a real database, and {@code job apply} agreeing with it word for word. */
class JobOperationsTest {
    private static final String NOOP = NoopProcessor.class.getName();

    @TempDir
    Path dir;
    Database db;
    JobOperations jobs;

    @BeforeEach
    void database() {
        db = TestPostgres.migratedDatabase();
        jobs = new JobOperations(db, dir.resolve("jobs"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static JobSpec spec(String table) throws Exception {
        return JobYaml.parse(TaskTableFixture.yaml("odd", table, NOOP), "test");
    }

    private CliRun apply(JobSpec spec, String... more) {
        Path file = TaskTableFixture.write(dir, "job.yaml", JobYaml.write(spec));
        String[] args = new String[4 + more.length];
        args[0] = "job";
        args[1] = "apply";
        args[2] = file.toString();
        args[3] = "--db=" + db.url().withCredentials();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    /** The statements printed between the dry run's DDL heading and the job it would store. */
    private static List<String> dryRunDdl(CliRun run) {
        List<String> lines = run.out().lines().toList();
        int from = lines.indexOf("-- DDL that would run, step by step before storing the job (each index built concurrently, outside any transaction):");
        assertThat(from).as(run.toString()).isNotNegative();
        return lines.subList(from + 1, lines.size()).stream().takeWhile(l -> !l.startsWith("--")).toList();
    }

    @Test
    void aMissingTrackingColumnIsOneTypedProblemThatJobApplyPrintsInTheSameWords() throws Exception {
        TaskTableFixture.createNumbers(db);
        db.dsl().execute("ALTER TABLE numbers DROP COLUMN pampa_success");
        JobSpec spec = spec("numbers");

        JobCheck check = jobs.check(spec);

        assertThat(check.refusals(false)).containsExactly(
                new JobProblem.MissingColumn("field_success", "numbers", "pampa_success", "boolean", List.of()));
        assertThat(check.refusals(true)).as("--create-columns adds it instead").isEmpty();
        JobProblem missing = check.refusals(false).get(0);
        assertThat(missing.line()).isEqualTo("field_success: column pampa_success is missing from table numbers"
                + " — add it as boolean (job apply --create-columns, or Add columns and indexes… in the job editor), or name another column");
        CliRun run = apply(spec);
        assertThat(run.errLines()).containsExactly(run.errLines().get(0), "  " + missing.line());
    }

    @Test
    void aMistypedColumnNamesTheCloseOne() throws Exception {
        TaskTableFixture.createNumbers(db);
        JobSpec spec = JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NOOP) + "field_success: pampa_sucess\n", "test");

        JobProblem problem = jobs.check(spec).refusals(false).get(0);

        assertThat(problem).isEqualTo(new JobProblem.MissingColumn("field_success", "numbers", "pampa_sucess", "boolean", List.of("pampa_success")));
        assertThat(problem.fix()).startsWith("did you mean pampa_success? If not, add it as boolean");
    }

    @Test
    void theDdlOfferIsWhatTheDryRunPrintsAndWhatApplyRuns() throws Exception {
        TaskTableFixture.createBareNumbers(db, "numbers");
        JobSpec spec = spec("numbers");

        List<String> offer = jobs.ddlOffer(spec);

        assertThat(offer).hasSize(10).first().asString().startsWith("alter table \"numbers\" add if not exists \"pampa_reservation_id\"");
        assertThat(dryRunDdl(apply(spec, "--create-columns", "--dry-run"))).isEqualTo(offer);
        JobApplied applied = jobs.apply(spec, true, "test");
        assertThat(applied.ddlRun()).isEqualTo(offer);
        assertThat(applied.created()).isTrue();
        assertThat(jobs.ddlOffer(spec)).as("nothing is left to add").isEmpty();
        assertThat(jobs.find("odd")).isPresent();
    }

    @Test
    void applyWithoutTheDdlRefusesEveryMissingColumnAndStoresNothing() throws Exception {
        TaskTableFixture.createBareNumbers(db, "numbers");

        assertThatThrownBy(() -> jobs.apply(spec("numbers"), false, "test"))
                .isInstanceOfSatisfying(JobRefusedException.class, e -> {
                    assertThat(e.reasons()).hasSize(7).allMatch(p -> p instanceof JobProblem.MissingColumn);
                    assertThat(e.problems()).isEqualTo(e.reasons().stream().map(JobProblem::asSpecProblem).toList());
                });
        assertThat(jobs.find("odd")).isEmpty();
        assertThat(new TaskTableSchema(db.dsl()).read("numbers").orElseThrow().columns()).containsOnlyKeys("id", "value");
    }

    @Test
    void preparingATableRunsTheOfferAndStoresNoJob() throws Exception {
        TaskTableFixture.createBareNumbers(db, "numbers");
        JobSpec spec = spec("numbers");
        List<String> offer = jobs.ddlOffer(spec);

        assertThat(jobs.prepareTable(spec)).isEqualTo(offer);

        assertThat(jobs.check(spec).refusals(false)).isEmpty();
        assertThat(jobs.prepareTable(spec)).isEmpty();
        assertThat(jobs.find("odd")).isEmpty();
    }

    @Test
    void noTableRefusesPreparingAndNamesTheCloseTable() throws Exception {
        TaskTableFixture.createNumbers(db);

        assertThatThrownBy(() -> jobs.prepareTable(spec("numbrs")))
                .isInstanceOfSatisfying(JobRefusedException.class, e -> assertThat(e.reasons())
                        .containsExactly(new JobProblem.NoSuchTable("numbrs", List.of("numbers"))));
        assertThat(jobs.ddlOffer(spec("numbrs"))).isEmpty();
    }

    @Test
    void pausingAJobThatIsNotStoredNamesTheStoredOnes() throws Exception {
        TaskTableFixture.createNumbers(db);
        jobs.apply(spec("numbers"), false, "test");

        assertThat(jobs.setPaused("odd", true)).isTrue();
        assertThat(jobs.setPaused("odd", true)).isFalse();
        assertThat(jobs.find("odd").orElseThrow().paused()).isTrue();
        assertThatThrownBy(() -> jobs.setPaused("od", false)).isInstanceOf(UnknownJobException.class)
                .hasMessage("no job named od (known jobs: odd) — did you mean odd?");
    }

    @Test
    void aScheduleColumnOfTheWrongTypeIsOneLineAndAMissingOneIsAddedAsTimestamptzWithTheDueIndex() throws Exception {
        TaskTableFixture.createNumbers(db);
        db.dsl().execute("ALTER TABLE numbers ADD COLUMN run_at text");
        JobSpec wrong = JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NOOP) + "field_scheduled_time: run_at\n", "test");

        List<JobProblem> refusals = jobs.check(wrong).refusals(true);

        assertThat(refusals).containsExactly(new JobProblem.WrongColumnType("field_scheduled_time", "numbers", "run_at", "text", "timestamp or timestamptz"));
        assertThat(refusals.get(0).line()).isEqualTo("field_scheduled_time: column run_at of table numbers is text"
                + " — change its type to timestamp or timestamptz, or name another column").doesNotContain("\n");
        CliRun run = apply(wrong, "--create-columns");
        assertThat(run.errLines()).contains("  " + refusals.get(0).line());

        JobSpec missing = JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NOOP) + "field_scheduled_time: due_at\n", "test");
        assertThat(jobs.check(missing).refusals(false)).containsExactly(
                new JobProblem.MissingColumn("field_scheduled_time", "numbers", "due_at", "timestamptz", List.of("run_at")));
        jobs.apply(missing, true, "test");
        TaskTableSchema.TableShape shape = new TaskTableSchema(db.dsl()).read("numbers").orElseThrow();
        assertThat(shape.columns().get("due_at").name()).isEqualTo("timestamptz");
        assertThat(shape.indexes()).contains("numbers_pampa_due");
        assertThat((String) db.dsl().fetchValue("SELECT pg_get_indexdef('numbers_pampa_due'::regclass)"))
                .contains("(COALESCE(due_at, '-infinity'::timestamp with time zone), id)")
                .contains("WHERE ((pampa_reservation_id IS NULL) AND (pampa_end_time IS NULL))");
    }
}
