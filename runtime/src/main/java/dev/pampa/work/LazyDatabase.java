package dev.pampa.work;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of a worker served by its node's agent: opened only when a processor asks for
 * {@code TaskContext.db()}, with one connection, and said so in the log. A worker whose processors
 * never ask loads no JDBC driver, pool or jOOQ (issue 8).
 */
final class LazyDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LazyDatabase.class);

    private final String worker;
    private final Supplier<DbUrl> url;
    private Database db;

    LazyDatabase(String worker, Supplier<DbUrl> url) {
        this.worker = worker;
        this.url = url;
    }

    synchronized DSLContext dsl(String job) {
        if (db == null) {
            DbUrl u = url.get();
            LOG.info("the processor of job {} asked for TaskContext.db(): worker {} opens one database connection to {}", job, worker, u);
            db = Database.open(u, 1, "worker " + worker + " (processor)");
        }
        return db.dsl();
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            db.close();
        }
    }
}
