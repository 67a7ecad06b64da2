package dev.pampa.store;

import dev.pampa.api.ReadOnlyDatabase;
import dev.pampa.api.TaskFields;
import java.time.Duration;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The read-only database a job's allowing and reporting functions get: each call in a READ ONLY
 * transaction of its own, every statement bounded by a statement timeout, so that a function can
 * neither write nor hold a dispatcher or an agent up for longer than that per statement.
 */
public final class ReadOnlyAccess {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final DSLContext dsl;
    private final Duration timeout;

    public ReadOnlyAccess(DSLContext dsl, Duration timeout) {
        this.dsl = dsl;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the call in a read-only transaction; what it throws, a cancelled statement included, is
     * thrown here, the transaction rolled back.
     */
    public <T> T read(String job, TaskFields fields, Function<ReadOnlyDatabase, T> call) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.query("SET TRANSACTION READ ONLY").execute();
            tx.setLocal(DSL.name("statement_timeout"), DSL.inline(Math.max(1, timeout.toMillis()) + "ms")).execute();
            return call.apply(new ReadOnlyDatabase() {
                @Override public DSLContext db() { return tx; }
                @Override public TaskFields fields() { return fields; }
                @Override public String job() { return job; }
            });
        });
    }

    /** True when the failure is the statement timeout cancelling a statement (SQLSTATE 57014). */
    public static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && "57014".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
