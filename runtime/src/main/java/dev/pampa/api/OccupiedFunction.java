package dev.pampa.api;

/**
 * How many tasks of a job a worker still has in hand; the dispatcher fills its queue up to
 * {@code queue_size} minus this number.
 *
 * <p>Default: queued plus running.
 */
@FunctionalInterface
public interface OccupiedFunction {
    int occupied(WorkerLoad load);

    OccupiedFunction DEFAULT = load -> load.queued() + load.running();
}
