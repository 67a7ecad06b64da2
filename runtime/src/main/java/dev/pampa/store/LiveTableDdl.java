package dev.pampa.store;

import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.IndexBuildProgress;
import dev.pampa.model.ddl.LockRetry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record7;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Runs the steps that prepare a task table while the operator's application keeps writing it. Steps
 * whose lock conflicts with writers (adding columns, the trigger) each run in a short transaction under
 * {@link LockRetry#lockTimeout()}, and give way and retry when the table is busy, so that no writer ever
 * queues behind them for longer than that. Indexes are built with CREATE INDEX CONCURRENTLY, which
 * PostgreSQL refuses inside a transaction: each on its own, in autocommit, with its progress read from
 * pg_stat_progress_create_index on a second connection.
 *
 * <p>The steps are not one transaction, so a failure half way keeps what was done (nullable columns,
 * finished indexes) and may leave an invalid index behind; the next plan drops and rebuilds that one.
 */
public final class LiveTableDdl {
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final long PROGRESS_EVERY_MS = 250;

    private static final Field<String> PHASE = DSL.field(DSL.name("phase"), SQLDataType.VARCHAR);
    private static final Field<Long> BLOCKS_TOTAL = DSL.field(DSL.name("blocks_total"), SQLDataType.BIGINT);
    private static final Field<Long> BLOCKS_DONE = DSL.field(DSL.name("blocks_done"), SQLDataType.BIGINT);
    private static final Field<Long> TUPLES_TOTAL = DSL.field(DSL.name("tuples_total"), SQLDataType.BIGINT);
    private static final Field<Long> TUPLES_DONE = DSL.field(DSL.name("tuples_done"), SQLDataType.BIGINT);
    private static final Field<Long> LOCKERS_TOTAL = DSL.field(DSL.name("lockers_total"), SQLDataType.BIGINT);
    private static final Field<Long> LOCKERS_DONE = DSL.field(DSL.name("lockers_done"), SQLDataType.BIGINT);
    private static final Field<Integer> PID = DSL.field(DSL.name("pid"), SQLDataType.INTEGER);

    private final Database db;
    private final String table;
    private final LockRetry retry;
    private final DdlListener listener;

    public LiveTableDdl(Database db, String table, LockRetry retry, DdlListener listener) {
        this.db = db;
        this.table = table;
        this.retry = retry;
        this.listener = listener;
    }

    /**
     * @return the statements run
     * @throws AppliedJob.TableBusyException when a step found the table locked on every try
     * @throws TableSetupFailedException     when a step failed otherwise (its build interrupted, say)
     */
    public List<String> run(List<DdlStep> steps) {
        List<String> ran = new ArrayList<>();
        if (steps.isEmpty()) {
            return ran;
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            for (DdlStep step : steps) {
                listener.starting(step);
                long start = System.nanoTime();
                try {
                    if (step.kind().retried()) {
                        runWithLockRetry(c, step);
                    } else if (step.kind() == DdlStep.Kind.CREATE_INDEX) {
                        runWatched(c, step);
                    } else {
                        execute(c, step.sql());
                    }
                } catch (SQLException e) {
                    throw new TableSetupFailedException(table, step, ran, e);
                }
                ran.addAll(step.sql());
                listener.finished(step, Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (SQLException e) {
            throw Database.unavailable(db.url(), e);
        }
        return ran;
    }

    private void runWithLockRetry(Connection c, DdlStep step) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                // SET LOCAL: the pooled connection goes back with the server's lock_timeout
                s.execute("SET LOCAL lock_timeout = '" + retry.lockTimeout().toMillis() + "ms'");
                for (String sql : step.sql()) {
                    s.execute(sql);
                }
                c.commit();
                return;
            } catch (SQLException e) {
                rollbackQuietly(c, e);
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                if (attempt >= retry.attempts()) {
                    throw new AppliedJob.TableBusyException(table, retry, step, e);
                }
                Duration pause = retry.backoffAfter(attempt);
                listener.retrying(step, attempt, retry.attempts(), pause);
                sleep(pause);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void runWatched(Connection c, DdlStep step) throws SQLException {
        int pid;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            pid = r.getInt(1);
        }
        long start = System.nanoTime();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pampa-index-progress");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                readProgress(db.dsl(), pid).ifPresent(p ->
                        listener.indexProgress(step, p, Duration.ofNanos(System.nanoTime() - start)));
            } catch (RuntimeException e) {
                // a reading missed is no reason to stop the build; the next one may get through
            }
        }, PROGRESS_EVERY_MS, PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
        try {
            execute(c, step.sql());
        } finally {
            watcher.shutdownNow();
        }
    }

    /** The build the backend {@code pid} runs now, from pg_stat_progress_create_index; empty when it runs none. */
    static Optional<IndexBuildProgress> readProgress(DSLContext dsl, int pid) {
        Record7<String, Long, Long, Long, Long, Long, Long> r = dsl
                .select(PHASE, BLOCKS_TOTAL, BLOCKS_DONE, TUPLES_TOTAL, TUPLES_DONE, LOCKERS_TOTAL, LOCKERS_DONE)
                .from(DSL.table(DSL.name("pg_catalog", "pg_stat_progress_create_index")))
                .where(PID.eq(DSL.val(pid)))
                .fetchOne();
        return r == null ? Optional.empty() : Optional.of(new IndexBuildProgress(r.value1(), n(r.value2()), n(r.value3()),
                n(r.value4()), n(r.value5()), n(r.value6()), n(r.value7())));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the DDL on a busy table", e);
        }
    }
}
