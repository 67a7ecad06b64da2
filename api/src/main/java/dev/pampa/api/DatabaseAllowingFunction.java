package dev.pampa.api;

/**
 * An {@link AllowingFunction} that reads the database to decide, such as the Ruby Pampa's credit check:
 * allow a worker more tasks of a client only while the client has credits left. Name it as the job's
 * {@code allowing_function}; it is called as the plain one is (once per worker and round, after the
 * occupied function), with read-only access to the database.
 *
 * <p>One that throws or whose statement outlasts the function timeout counts as "not allowed" for that
 * round; the failure is logged at most once a minute per job.
 */
@FunctionalInterface
public interface DatabaseAllowingFunction extends AllowingFunction {
    boolean allows(WorkerLoad load, int occupied, int queueSize, ReadOnlyDatabase database);

    /** Without the database nothing is known, so nothing is allowed; Pampa always calls the method above. */
    @Override
    default boolean allows(WorkerLoad load, int occupied, int queueSize) {
        return false;
    }
}
