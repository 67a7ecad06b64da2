package dev.pampa.ui.workers;

/**
 * One row of the workers table: a worker that registered, or one the node may run
 * ({@code <node>.1 … <node>.max_workers}) that never started.
 *
 * @param state     running, stopping, stale, stopped, dead, not started; or what the cockpit is doing to it
 * @param heartbeat how old its last heartbeat is, or "" when it never registered
 * @param task      the job and task it works on, or ""
 * @param busy      the cockpit is starting or stopping it now
 */
public record WorkerItem(String node, String name, String state, String heartbeat, String task, long done, long failed,
                         boolean busy) {
}
