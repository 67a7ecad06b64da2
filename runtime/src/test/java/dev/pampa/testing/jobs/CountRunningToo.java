package dev.pampa.testing.jobs;

import dev.pampa.api.OccupiedFunction;
import dev.pampa.api.WorkerLoad;

/** Test occupied function: tasks started count against the queue as well as queued ones. */
public final class CountRunningToo implements OccupiedFunction {
    @Override
    public int occupied(WorkerLoad load) {
        return load.queued() + load.running();
    }
}
