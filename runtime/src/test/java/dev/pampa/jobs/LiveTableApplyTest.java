package dev.pampa.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.cli.ExitCode;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTableSchema;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.LiveWriter;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job apply --create-columns} on a table of millions of rows that an application keeps writing:
 * the application's inserts never wait long, and a build cut half way is repaired by the next apply.
 */
class LiveTableApplyTest {
    /** The figure; the test asserts a bound four times as generous, for a loaded 2-core box. */
    private static final double TARGET_MILLIS = 500;
    private static final double BOUND_MILLIS = 2_000;

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void database() {
        db = TestPostgres.migratedDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void createPayments(String table, int rows) {
        db.dsl().execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, amount integer NOT NULL, note text)");
        db.dsl().execute("INSERT INTO " + table + " SELECT g, g % 1000, 'batch ' || (g / 1000) FROM generate_series(1, " + rows + ") g");
        db.dsl().execute("ANALYZE " + table);
    }

    private CliRun apply(String table, String... more) {
        Path file = TaskTableFixture.write(dir, table + ".yaml", TaskTableFixture.yaml("pay", table, NoopProcessor.class.getName()));
        String[] args = new String[5 + more.length];
        args[0] = "job";
        args[1] = "apply";
        args[2] = file.toString();
        args[3] = "--db=" + db.url().withCredentials();
        args[4] = "--create-columns";
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.of(args);
    }

    private LiveWriter writer(String table, long firstId) throws Exception {
        return new LiveWriter(db.url(), "INSERT INTO " + table + " (id, amount, note) VALUES (?, 1, 'live')", firstId, 5);
    }

    private TaskTableSchema.TableShape shape(String table) {
        return new TaskTableSchema(db.dsl()).read(table).orElseThrow();
    }

    @Test
    void applyingToATableOfMillionsOfRowsNeverHoldsOffItsWriters() throws Exception {
        createPayments("payments", 3_000_000);
        try (LiveWriter app = writer("payments", 100_000_000L)) {
            Thread.sleep(1_000);
            LiveWriter.Waits before = app.stop();
            System.out.println("inserts before the apply: " + before);
        }

        LiveWriter.Waits during;
        CliRun run;
        try (LiveWriter app = writer("payments", 200_000_000L)) {
            Thread.sleep(300);
            app.reset();
            long start = System.nanoTime();
            run = apply("payments");
            System.out.printf("job apply --create-columns on 3,000,000 rows took %.1f s%n", (System.nanoTime() - start) / 1e9);
            during = app.stop();
        }
        System.out.println(run.out());
        System.out.printf("inserts during the apply: %s (the issue's target: no insert over %.0f ms; asserted: under %.0f ms)%n",
                during, TARGET_MILLIS, BOUND_MILLIS);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(during.inserts()).as("the application kept inserting through the apply").isGreaterThan(20);
        assertThat(during.maxMillis()).as("the longest insert during the apply, in ms").isLessThan(BOUND_MILLIS);
        assertThat(run.out()).contains("-- step 1/4: add 7 tracking columns to payments",
                "-- step 2/4: build index payments_pampa_pending concurrently (about ",
                "create index concurrently if not exists \"payments_pampa_pending\"",
                "job pay created on table payments");
        TaskTableSchema.TableShape shape = shape("payments");
        assertThat(shape.indexes()).contains("payments_pampa_pending", "payments_pampa_reserved");
        assertThat(shape.invalidIndexes()).isEmpty();
        assertThat(shape.triggers()).containsExactly("payments_pampa_new_tasks");
        assertThat(new JobStore(db.dsl()).find("pay")).isPresent();
    }

    @Test
    void anIndexBuildCutHalfWayIsDroppedAndBuiltAgainByTheNextApply() throws Exception {
        createPayments("payments", 1_000_000);

        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> apply("payments"));
        Integer builder = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (builder == null && !first.isDone() && System.currentTimeMillis() < deadline) {
            // past "waiting for writers before build" the index is in the catalog, not yet valid
            builder = db.dsl().fetchOptional("SELECT pid FROM pg_stat_progress_create_index"
                    + " WHERE relid = 'payments'::regclass AND phase LIKE 'building index%'").map(r -> r.get(0, Integer.class)).orElse(null);
            if (builder == null) {
                Thread.sleep(5);
            }
        }
        assertThat(builder).as("caught the first apply building its index").isNotNull();
        assertThat(db.dsl().fetchValue("SELECT pg_terminate_backend(" + builder + ")")).isEqualTo(true);
        CliRun cut = first.get(60, TimeUnit.SECONDS);

        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(cut.err()).contains("preparing table payments stopped at \"build index payments_pampa_pending concurrently\"")
                .contains("an index left half-built is dropped and built again");
        assertThat(shape("payments").invalidIndexes()).as("the cut build left its index invalid").containsExactly("payments_pampa_pending");
        assertThat(new JobStore(db.dsl()).find("pay")).as("nothing stored while the table is not ready").isEmpty();

        CliRun dryRun = apply("payments", "--dry-run");
        assertThat(dryRun.out()).contains("drop the invalid index payments_pampa_pending (left by an interrupted build)");

        CliRun second = apply("payments");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("-- step 1/4: drop the invalid index payments_pampa_pending (left by an interrupted build)",
                "drop index concurrently if exists \"public\".\"payments_pampa_pending\";",
                "job pay created on table payments");
        TaskTableSchema.TableShape shape = shape("payments");
        assertThat(shape.indexes()).contains("payments_pampa_pending", "payments_pampa_reserved");
        assertThat(shape.invalidIndexes()).isEmpty();
        assertThat(db.dsl().fetchValue("SELECT count(*) FROM payments WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL"))
                .isEqualTo(1_000_000L);
    }
}
