package dev.pampa.testing.jobs;

import dev.pampa.api.AllowingFunction;
import dev.pampa.api.WorkerLoad;

/** Test allowing function: only workers of node n01 get tasks, and only while they hold fewer than 3. */
public final class OnlyNodeOne implements AllowingFunction {
    @Override
    public boolean allows(WorkerLoad load, int occupied, int queueSize) {
        return load.worker().startsWith("n01.") && occupied < 3;
    }
}
