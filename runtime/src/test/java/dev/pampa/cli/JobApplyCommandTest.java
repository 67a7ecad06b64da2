package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.WakeUps;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.NotAProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobApplyCommandTest {
    private static final String NOOP = NoopProcessor.class.getName();

    @TempDir
    Path dir;
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

    private Path job(String yaml) {
        return TaskTableFixture.write(dir, "job.yaml", yaml);
    }

    private CliRun apply(Path file, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "job";
        args[1] = "apply";
        args[2] = file.toString();
        args[3] = "--db=" + url;
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    private long count(String sql) {
        return db.dsl().fetchSingle(sql).get(0, Long.class);
    }

    private Map<String, String> columnTypes(String table) {
        return db.dsl().fetch("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", table)
                .intoMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
    }

    private Map<String, String> indexDefinitions(String table) {
        return db.dsl().fetch("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ?", table)
                .intoMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
    }

    @Test
    void validJobIsStoredWithAnEvent() {
        TaskTableFixture.createNumbers(db);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP) + "queue_size: 7\n"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("job odd created on table numbers");
        JobStore.StoredJob stored = new JobStore(db.dsl()).find("odd").orElseThrow();
        assertThat(stored.spec().queueSize()).isEqualTo(7);
        assertThat(stored.spec().processor()).isEqualTo(NOOP);
        assertThat(count("SELECT count(*) FROM pampa.event WHERE kind = 'job_applied' AND job = 'odd'")).isEqualTo(1L);
    }

    @Test
    void applyingAgainUpdatesAndKeepsThePausedFlag() {
        TaskTableFixture.createNumbers(db);
        Path file = job(TaskTableFixture.yaml("odd", "numbers", NOOP));
        assertThat(apply(file).exitCode()).isZero();
        new JobStore(db.dsl()).setPaused("odd", true);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP) + "max_try_times: 9\n"));

        assertThat(run.out()).contains("job odd updated");
        JobStore.StoredJob stored = new JobStore(db.dsl()).find("odd").orElseThrow();
        assertThat(stored.spec().maxTryTimes()).isEqualTo(9);
        assertThat(stored.paused()).isTrue();
    }

    @Test
    void pendingRowsWithTriesUsedUpAreEnded() {
        TaskTableFixture.createNumbers(db);
        TaskTableFixture.insertNumbers(db, 4);
        db.dsl().execute("UPDATE numbers SET pampa_reservation_times = 2, pampa_success = false WHERE id <= 3");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP) + "max_try_times: 2\n"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ended 3 pending rows whose tries were used up");
        assertThat(count("SELECT count(*) FROM numbers WHERE pampa_end_time IS NOT NULL")).isEqualTo(3L);
    }

    @Test
    void unknownTableSuggestsCloseNames() {
        TaskTableFixture.createNumbers(db);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbrs", NOOP)));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).hasSize(2);
        assertThat(run.errLines().get(0)).startsWith("pampa: job ").contains("is invalid (1 problem)");
        assertThat(run.errLines().get(1)).isEqualTo("  table: no table numbrs in the database — did you mean numbers?");
        assertThat(new JobStore(db.dsl()).all()).isEmpty();
    }

    @Test
    void missingColumnNamesTheParameterAndTheColumn() {
        TaskTableFixture.createNumbers(db);
        db.dsl().execute("ALTER TABLE numbers DROP COLUMN pampa_success");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.err()).contains("  field_success: column pampa_success is missing from table numbers"
                + " — add it as boolean (job apply --create-columns, or Add columns and indexes… in the job editor), or name another column");
        assertThat(columnTypes("numbers")).doesNotContainKey("pampa_success");
    }

    @Test
    void everyColumnOfTheWrongTypeIsReported() {
        db.dsl().execute("""
                CREATE TABLE numbers (id bigint, value bigint, pampa_reservation_id integer, pampa_reservation_time date,
                  pampa_reservation_times text, pampa_start_time timestamp, pampa_end_time timestamptz,
                  pampa_success integer, pampa_error_description varchar(20))""");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).hasSize(6);
        assertThat(run.err())
                .contains("field_primary_key: column id of table numbers is not unique on its own")
                .contains("field_id: column pampa_reservation_id of table numbers is integer — change its type to text or varchar")
                .contains("field_time: column pampa_reservation_time of table numbers is date — change its type to timestamp or timestamptz")
                .contains("field_times: column pampa_reservation_times of table numbers is text — change its type to integer, bigint or smallint")
                .contains("field_success: column pampa_success of table numbers is integer — change its type to boolean");
    }

    @Test
    void uniqueIndexMakesTheKeyAcceptable() {
        TaskTableFixture.createNumbers(db);
        db.dsl().execute("CREATE TABLE keyed (LIKE numbers)");
        db.dsl().execute("CREATE UNIQUE INDEX keyed_value ON keyed (value)");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "keyed", NOOP) + "field_primary_key: value\n"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void processorNotOnTheJobsPathIsReported() {
        TaskTableFixture.createNumbers(db);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", "com.example.Missing")), "--jobs-dir", dir.resolve("jobs").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines().get(1)).startsWith("  processor: class com.example.Missing is not on the jobs path (" + dir.resolve("jobs"));
    }

    @Test
    void classesThatDoNotImplementTheirInterfaceAreAllReported() {
        TaskTableFixture.createNumbers(db);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NotAProcessor.class.getName())
                + "selecting_function: " + NoopProcessor.class.getName() + "\n"));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).containsSubsequence(
                "  processor: class dev.pampa.testing.NotAProcessor does not implement dev.pampa.api.TaskProcessor"
                        + " — make it implement dev.pampa.api.TaskProcessor or name another class",
                "  selecting_function: class dev.pampa.testing.NoopProcessor does not implement dev.pampa.api.SelectingFunction"
                        + " — make it implement dev.pampa.api.SelectingFunction or name another class");
    }

    @Test
    void tableAndClassProblemsAreReportedTogether() {
        CliRun run = apply(job(TaskTableFixture.yaml("odd", "nowhere", NotAProcessor.class.getName())));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).hasSize(3);
        assertThat(run.errLines().get(1)).startsWith("  table: no table nowhere");
        assertThat(run.errLines().get(2)).startsWith("  processor: ");
    }

    @Test
    void invalidYamlIsReportedBeforeTheDatabaseIsAsked() {
        CliRun run = CliRun.of("job", "apply", job("name: odd\nqueue_size: lots\n").toString(), "--db", "jdbc:postgresql://127.0.0.1:1/none");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).containsExactly(
                run.errLines().get(0),
                "  queue_size: 'lots' is not a whole number (line 2) — write a whole number",
                "  table: missing — name the task table, optionally as schema.table",
                "  processor: missing — name the class that implements dev.pampa.api.TaskProcessor");
        assertThat(run.errLines().get(0)).endsWith("is invalid (3 problems) — fix each and apply again");
    }

    @Test
    void createColumnsAddsColumnsIndexesAndTheWakeUpTriggerOnceOnly() throws Exception {
        TaskTableFixture.createBareNumbers(db, "numbers");
        Path file = job(TaskTableFixture.yaml("odd", "numbers", NOOP));

        CliRun first = apply(file, "--create-columns");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("alter table \"numbers\" add if not exists \"pampa_reservation_id\" varchar(100);");
        assertThat(columnTypes("numbers")).containsAllEntriesOf(Map.of(
                "pampa_reservation_id", "character varying",
                "pampa_reservation_time", "timestamp with time zone",
                "pampa_reservation_times", "integer",
                "pampa_start_time", "timestamp with time zone",
                "pampa_end_time", "timestamp with time zone",
                "pampa_success", "boolean",
                "pampa_error_description", "text"));
        Map<String, String> indexes = indexDefinitions("numbers");
        assertThat(indexes.get("numbers_pampa_pending"))
                .isEqualTo("CREATE INDEX numbers_pampa_pending ON public.numbers USING btree (id)"
                        + " WHERE ((pampa_reservation_id IS NULL) AND (pampa_end_time IS NULL))");
        assertThat(indexes.get("numbers_pampa_reserved"))
                .isEqualTo("CREATE INDEX numbers_pampa_reserved ON public.numbers USING btree (pampa_reservation_id)"
                        + " WHERE ((pampa_reservation_id IS NOT NULL) AND (pampa_end_time IS NULL))");
        assertThat(new JobStore(db.dsl()).find("odd")).isPresent();
        try (WakeUps.Listener dispatcher = new WakeUps.Listener(db.openDedicatedConnection(), WakeUps.DISPATCHER_CHANNEL)) {
            TaskTableFixture.insertNumbers(db, 3);
            assertThat(dispatcher.await(5_000)).as("an INSERT wakes the dispatcher once, naming the job").containsExactly("odd");
        }

        CliRun second = apply(file, "--create-columns");

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).doesNotContain("alter table").doesNotContain("create index").doesNotContain("create trigger")
                .contains("already has every field column, both indexes and the wake-up trigger: no DDL ran");
        assertThat(indexDefinitions("numbers")).isEqualTo(indexes);
        assertThat(columnTypes("numbers")).hasSize(9);
    }

    @Test
    void createColumnsStillRefusesAColumnOfTheWrongType() {
        db.dsl().execute("CREATE TABLE numbers (id bigint PRIMARY KEY, pampa_success text)");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)), "--create-columns");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_JOB);
        assertThat(run.errLines()).hasSize(2);
        assertThat(run.errLines().get(1)).startsWith("  field_success: column pampa_success of table numbers is text");
        assertThat(columnTypes("numbers")).containsOnlyKeys("id", "pampa_success");
    }

    @Test
    void createColumnsWorksOnAQualifiedTableWithALongName() {
        String table = "t".repeat(60);
        db.dsl().execute("CREATE SCHEMA work");
        TaskTableFixture.createBareNumbers(db, "work." + table);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "work." + table, NOOP)), "--create-columns");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(indexDefinitions(table).keySet()).hasSize(3)
                .allSatisfy(name -> assertThat(name.length()).isLessThanOrEqualTo(63))
                .anySatisfy(name -> assertThat(name).endsWith("_pampa_pending"))
                .anySatisfy(name -> assertThat(name).endsWith("_pampa_reserved"));
    }

    @Test
    void dryRunPrintsTheDdlAndChangesNothing() {
        TaskTableFixture.createBareNumbers(db, "numbers");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)), "--create-columns", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("-- dry run: nothing is changed")
                .contains("alter table \"numbers\" add if not exists \"pampa_end_time\" timestamp with time zone;")
                .contains("create index concurrently if not exists \"numbers_pampa_pending\"")
                .contains("-- job that would be stored (new):")
                .contains("--   processor: " + NOOP);
        assertThat(columnTypes("numbers")).containsOnlyKeys("id", "value");
        assertThat(indexDefinitions("numbers")).containsOnlyKeys("numbers_pkey");
        assertThat(new JobStore(db.dsl()).all()).isEmpty();
        assertThat(count("SELECT count(*) FROM pampa.event")).isZero();
    }

    @Test
    void aTableHeldByALongTransactionIsTriedAgainAndEachRetryIsPrinted() throws Exception {
        TaskTableFixture.createBareNumbers(db, "numbers");
        Path file = job(TaskTableFixture.yaml("odd", "numbers", NOOP));
        try (java.sql.Connection other = db.dataSource().getConnection(); java.sql.Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM numbers").close();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                    other.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();

            CliRun run = apply(file, "--create-columns", "--lock-timeout=300ms");

            release.join();
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("--   table busy: try 1 of 6 waited 300 ms for its ACCESS EXCLUSIVE lock and gave way"
                    + " (writers were not held up longer); next try in 1.0 s").contains("job odd created on table numbers");
        }
        assertThat(columnTypes("numbers")).containsKey("pampa_end_time");
    }

    @Test
    void aBadLockTimeoutIsAUsageErrorNamingTheFix() {
        TaskTableFixture.createBareNumbers(db, "numbers");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)), "--create-columns", "--lock-timeout=0s");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("lock timeout must be positive (0 would wait without limit)").contains("fix --lock-timeout");
    }

    @Test
    void dryRunSaysWhichStepsTakeWhichLocksAndForHowLong() {
        TaskTableFixture.createBareNumbers(db, "numbers");

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)), "--create-columns", "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("-- steps on table numbers, the lock each takes and for how long (about ")
                .contains("--   1. add 7 tracking columns to numbers: ACCESS EXCLUSIVE lock, held a few milliseconds (a catalog change);"
                        + " waits at most 2 s for it, 6 tries with growing pauses: writers wait behind it at most 2 s a try")
                .contains("--   2. build index numbers_pampa_pending concurrently: SHARE UPDATE EXCLUSIVE lock for about ")
                .contains("writers and readers go on")
                .contains("--   4. create the wake-up trigger numbers_pampa_new_tasks: SHARE ROW EXCLUSIVE lock, held a few milliseconds");
    }

    @Test
    void withoutCreateColumnsMissingIndexesAreOnlyNoted() {
        TaskTableFixture.createNumbers(db);

        CliRun run = apply(job(TaskTableFixture.yaml("odd", "numbers", NOOP)));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-- note: table numbers has no index numbers_pampa_pending nor numbers_pampa_reserved");
        assertThat(indexDefinitions("numbers")).containsOnlyKeys("numbers_pkey");
    }
}
