package dev.pampa.api;

import org.jooq.DSLContext;

/**
 * Read access to the operator's database for the functions that decide or report from data (a
 * {@link DatabaseAllowingFunction}, a {@link ReportingFunction}). Valid only during the call it is given to.
 *
 * <p>Statements run in a READ ONLY transaction that ends with the call, each bounded by the
 * dispatcher's and agents' {@code --function-timeout-ms} (default 1000): one that runs longer is
 * cancelled and the call fails, so a slow query cannot stall dispatching.
 */
public interface ReadOnlyDatabase {
    /** jOOQ on the read-only transaction; writes fail. */
    DSLContext db();

    /** The job's task table and field columns, quoted. */
    TaskFields fields();

    /** The job's name. */
    String job();
}
