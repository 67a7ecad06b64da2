package dev.pampa.api;

/**
 * How many tasks of a job a worker still has in its queue; the dispatcher fills the queue up to
 * {@code queue_size} minus this number.
 *
 * <p>Default: the tasks reserved for the worker and not started yet, as in the Ruby Pampa. Tasks the
 * worker has started (a batch of fast ones, or the one in hand) do not count, so the queue stays
 * full while they run.
 */
@FunctionalInterface
public interface OccupiedFunction {
    int occupied(WorkerLoad load);

    OccupiedFunction DEFAULT = WorkerLoad::queued;
}
