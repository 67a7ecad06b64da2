package dev.pampa.api;

/**
 * May this worker get more tasks of the job now. Called once per worker and round, after the
 * occupied function; returning false leaves the worker's queue as it is for this round.
 *
 * <p>Default: while the worker holds fewer tasks than {@code queue_size}.
 */
@FunctionalInterface
public interface AllowingFunction {
    boolean allows(WorkerLoad load, int occupied, int queueSize);

    AllowingFunction DEFAULT = (load, occupied, queueSize) -> occupied < queueSize;
}
